import { In } from 'typeorm';
import { describeShape } from './describe-shape';
import { Edition, Revision } from './entities/audit';

/** Versions and creation times with ties across and within entities, times to the millisecond. */
const rows = [
  { title: 'one', version: 3, createdAt: new Date('2024-01-02T03:04:05.120Z') },
  { title: 'two', version: 1, createdAt: new Date('2024-01-02T03:04:05.121Z') },
  { title: 'three', version: 3, createdAt: new Date('2024-01-02T03:04:05.120Z') },
  { title: 'four', version: 2, createdAt: new Date('2023-12-31T23:59:59.999Z') },
];

describeShape({
  title: '@VersionColumn, @CreateDateColumn and @UpdateDateColumn',
  model: () => ({
    entities: [Revision, Edition],
    members: [
      { target: Revision, name: 'Revision' },
      { target: Edition, name: 'Edition' },
    ],
  }),
  async seed(ds) {
    await ds.getRepository(Revision).insert(rows.map((r, i) => ({ id: i + 1, ...r })));
    await ds.getRepository(Edition).insert(rows.slice(1).map((r, i) => ({ id: i + 1, ...r })));
  },
  fields: ['version', 'createdAt'],
  filter: { version: In([1, 3]) },
  // update() bumps the version as TypeORM's own update() does (the oracle runs that).
  update: { title: 'edited' },
});
