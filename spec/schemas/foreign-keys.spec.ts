import { In } from 'typeorm';
import { describeShape } from './describe-shape';
import { JoinedFk, NamedFk, Owner, PlainFk } from './entities/foreign-keys';

const members = [
  { target: JoinedFk, name: 'JoinedFk' },
  { target: PlainFk, name: 'PlainFk' },
  { target: NamedFk, name: 'NamedFk' },
];

describeShape({
  title: 'a foreign-key column next to its relation (three spellings)',
  model: () => ({ entities: [Owner, JoinedFk, PlainFk, NamedFk], members }),
  async seed(ds) {
    await ds.getRepository(Owner).insert([1, 2, 3].map((id) => ({ id, name: `owner ${id}` })));
    const rows = (ids: number[]) => ids.map((ownerId, i) => ({ id: i + 1, ownerId }));
    await ds.getRepository(JoinedFk).insert(rows([2, 1, 3, 2]));
    await ds.getRepository(PlainFk).insert(rows([3, 2, 2]));
    await ds.getRepository(NamedFk).insert(rows([1, 2, 1, 3]));
  },
  fields: ['ownerId'],
  filter: { ownerId: In([1, 3]) },
  update: { ownerId: 2 },
});
