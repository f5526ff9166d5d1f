import { IsNull, LessThan } from 'typeorm';
import { describeShape } from './describe-shape';
import { PairLeft, PairRight, Ticket, Voucher } from './entities/keys';

describeShape({
  title: 'generated uuid primary keys',
  model: () => ({
    entities: [Ticket, Voucher],
    members: [
      { target: Ticket, name: 'Ticket' },
      { target: Voucher, name: 'Voucher' },
    ],
  }),
  async seed(ds) {
    // Fixed ids (not in the order of the titles), so that every reseed has the same rows.
    const titles = ['apple', 'Apple', 'Émile', 'banana', 'apple'];
    const id = (n: number) => `${n}${n}${n}${n}${n}${n}${n}${n}-0000-4000-8000-000000000000`;
    await ds.getRepository(Ticket).insert(titles.map((title, i) => ({ id: id(9 - i * 2), title })));
    await ds.getRepository(Voucher).insert(titles.slice(1).map((title, i) => ({ id: id(i * 2), title })));
  },
  fields: ['title'],
  filter: { title: 'apple' },
  update: { title: 'zed' },
});

describeShape({
  title: 'composite primary keys (int, varchar)',
  model: () => ({
    entities: [PairLeft, PairRight],
    members: [
      { target: PairLeft, name: 'PairLeft' },
      { target: PairRight, name: 'PairRight' },
    ],
  }),
  async seed(ds) {
    const rows = [
      { a: 1, b: 'x', rank: 2 },
      { a: 1, b: 'Y', rank: null },
      { a: 2, b: 'x', rank: 2 },
      { a: 10, b: 'a', rank: 1 },
    ];
    await ds.getRepository(PairLeft).insert(rows);
    await ds.getRepository(PairRight).insert(rows.map((r) => ({ ...r, a: r.a + 1 })));
  },
  fields: ['rank'],
  filter: [{ rank: LessThan(2) }, { rank: IsNull() }],
  update: { rank: 9 },
});
