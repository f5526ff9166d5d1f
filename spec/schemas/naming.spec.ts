import { IsNull, MoreThan } from 'typeorm';
import { describeShape } from './describe-shape';
import { ChangeLog, NamedPoints, NamedScore, ReleaseNote, SnakeNamingStrategy } from './entities/naming';
import { Journal, Ledger } from './entities/other-schema';

const counts = [3, null, 1, 3, null];

describeShape({
  title: 'a snake_case NamingStrategy',
  namingStrategy: new SnakeNamingStrategy(),
  model: () => ({
    entities: [ReleaseNote, ChangeLog],
    members: [
      { target: ReleaseNote, name: 'ReleaseNote' },
      { target: ChangeLog, name: 'ChangeLog' },
    ],
  }),
  async seed(ds) {
    await ds.getRepository(ReleaseNote).insert(counts.map((viewCount, i) => ({ noteId: i + 1, viewCount })));
    await ds
      .getRepository(ChangeLog)
      .insert(counts.slice(1).map((viewCount, i) => ({ id: i + 1, viewCount })));
  },
  fields: ['viewCount'],
  filter: { viewCount: MoreThan(2) },
  update: { viewCount: 0 },
});

describeShape({
  title: '@Column({ name }) and @PrimaryColumn({ name })',
  model: () => ({
    entities: [NamedScore, NamedPoints],
    members: [
      { target: NamedScore, name: 'NamedScore' },
      { target: NamedPoints, name: 'NamedPoints' },
    ],
  }),
  async seed(ds) {
    await ds.getRepository(NamedScore).insert(counts.map((score, i) => ({ id: i + 1, score })));
    await ds.getRepository(NamedPoints).insert(counts.slice(2).map((score, i) => ({ id: i + 1, score })));
  },
  fields: ['score'],
  filter: { score: 3 },
  update: { score: 7 },
});

// PostgreSQL only: kept in this file, whose other shapes run everywhere, so that no file is left without tests.
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
