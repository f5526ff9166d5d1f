import { describeShape } from './describe-shape';
import { typedEntities, type Typed } from './entities/column-types';

/**
 * Ties and NULLs in every column; decimals whose text order is not their numeric order; bigints beyond
 * 2^53 that no double holds (…993, …999) next to neighbours, so that a position read as a number is off.
 */
const rows: Omit<Typed, 'id'>[] = [
  { kind: 'low', flag: true, price: '10.50', big: '9007199254740993', meta: { tags: ['a'] } },
  { kind: 'high', flag: false, price: '9.99', big: '9007199254740992', meta: null },
  { kind: null, flag: null, price: null, big: null, meta: { tags: [] } },
  { kind: 'medium', flag: true, price: '100.00', big: '9007199254740999', meta: { tags: ['b', 'c'] } },
  { kind: 'low', flag: false, price: '9.99', big: '42', meta: null },
];

describeShape({
  title: 'enum, boolean, decimal, bigint and json columns',
  model: (dialect) => {
    const [Priced, Stocked] = typedEntities(dialect);
    return {
      entities: [Priced, Stocked],
      members: [
        { target: Priced, name: 'Priced' },
        { target: Stocked, name: 'Stocked' },
      ],
    };
  },
  async seed(ds, model) {
    const [priced, stocked] = model.members.map((m) => ds.getRepository(m.target));
    await priced.insert(rows.map((r, i) => ({ id: i + 1, ...r })));
    await stocked.insert(rows.slice(1).map((r, i) => ({ id: i + 1, ...r })));
  },
  fields: ['kind', 'flag', 'price', 'big'],
  filter: { flag: true },
  update: { kind: 'high' },
});
