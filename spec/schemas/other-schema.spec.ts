import { IsNull } from 'typeorm';
import { describeShape } from './describe-shape';
import { Journal, Ledger } from './entities/other-schema';

const amounts = [4, null, -1, 4, 0];

describeShape({
  title: "tables in a non-default PostgreSQL schema (@Entity({ schema: 'other' }))",
  dialects: ['postgres'],
  schemas: ['other'],
  model: () => ({
    entities: [Ledger, Journal],
    members: [
      { target: Ledger, name: 'Ledger' },
      { target: Journal, name: 'Journal' },
    ],
  }),
  async seed(ds) {
    await ds.getRepository(Ledger).insert(amounts.map((amount, i) => ({ id: i + 1, amount })));
    await ds.getRepository(Journal).insert(amounts.slice(1).map((amount, i) => ({ id: i + 1, amount })));
  },
  fields: ['amount'],
  filter: { amount: IsNull() },
  update: { amount: 100 },
});
