import { Not } from 'typeorm';
import { describeShape } from './describe-shape';
import { ClassRow, SchemaRowEntity } from './entities/entity-schema';

const rows = [
  { title: 'b', rank: 2 },
  { title: 'a', rank: null },
  { title: 'B', rank: 2 },
  { title: 'c', rank: 1 },
];

describeShape({
  title: 'an EntitySchema entity (plain objects) beside a class',
  model: () => ({
    entities: [SchemaRowEntity, ClassRow],
    members: [
      { target: SchemaRowEntity, name: 'SchemaRow' },
      { target: ClassRow, name: 'ClassRow' },
    ],
  }),
  async seed(ds) {
    await ds.getRepository(SchemaRowEntity).insert(rows.map((r, i) => ({ id: i + 1, ...r })));
    await ds.getRepository(ClassRow).insert(rows.map((r, i) => ({ id: i + 1, ...r })));
  },
  fields: ['rank', 'title'],
  filter: { title: Not('a') },
  update: { rank: 5 },
});
