import 'reflect-metadata';
import { Column, Entity, ManyToOne, MoreThan, PrimaryGeneratedColumn } from 'typeorm';
import { sequenceOf } from '../../src';
import { SequenceRepository } from '../../src/nestjs';
import { availableDialects } from '../support/dialects';
import { TestDatabase } from '../support/test-database';

/**
 * Property paths are checked (bounded, plain names) before they are resolved, and resolved in linear time:
 * embedded paths (`'stats.views'`, also as nested find options) still work.
 */
@Entity('path_owner')
class Owner {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 40 })
  name!: string;
}

class Stats {
  @Column({ type: 'int', default: 0 })
  views!: number;

  @ManyToOne(() => Owner, { nullable: true })
  owner!: Owner | null;
}

/** Both entities' columns (TypeORM's concrete table inheritance: one table each). */
abstract class Titled {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 40 })
  title!: string;

  @Column(() => Stats)
  stats!: Stats;
}

@Entity('path_note')
class Note extends Titled {}

@Entity('path_memo')
class Memo extends Titled {}

for (const dialect of availableDialects()) {
  describe(`embedded property paths [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    const seq = () => sequenceOf(db.dataSource, [Note, Memo]);

    beforeAll(async () => {
      await db.open([Owner, Note, Memo]);
      const [ada, bob] = await db.dataSource.manager.save(Owner, [{ name: 'Ada' }, { name: 'Bob' }]);
      await db.dataSource.manager.save(Note, [
        { title: 'n1', stats: { views: 5, owner: ada } },
        { title: 'n2', stats: { views: 1, owner: bob } },
        { title: 'n3', stats: { views: 9, owner: null } },
      ]);
      await db.dataSource.manager.save(Memo, [
        { title: 'm1', stats: { views: 7, owner: bob } },
        { title: 'm2', stats: { views: 0, owner: ada } },
      ]);
    });
    afterAll(() => db.close());

    /** The database's own answer: a hand-written UNION ALL of both tables. */
    async function oracle(where: string, orderBy: string): Promise<[string, number][]> {
      const views = db.q(
        db.dataSource.getMetadata(Note).findColumnWithPropertyPath('stats.views')!.databaseName,
      );
      const owner = db.q(
        db.dataSource.getMetadata(Note).findColumnWithPropertyPath('stats.owner')!.databaseName,
      );
      const branch = (table: string) =>
        `SELECT t.title AS title, t.${views} AS views, o.name AS owner FROM ${db.q(table)} t ` +
        `LEFT JOIN path_owner o ON o.id = t.${owner} WHERE ${where}`;
      const rows = await db.query<{ title: string; views: number | string }>(
        `SELECT title, views FROM (${branch('path_note')} UNION ALL ${branch('path_memo')}) u ORDER BY ${orderBy}`,
      );
      return rows.map((r) => [r.title, Number(r.views)]);
    }

    it("orderBy, getTuples and where over 'stats.views' give the database's answer", async () => {
      const tuples = await seq()
        .where({ stats: { views: MoreThan(1) } })
        .orderBy('stats.views', 'DESC')
        .getTuples('title', 'stats.views');
      expect(tuples).toEqual(await oracle(`t.${db.q('statsViews')} > 1`, 'views DESC'));
    });

    it('SequenceRepository.find orders by a nested embedded path', async () => {
      const repo = new SequenceRepository<Note | Memo>(db.dataSource, 'paths', [Note, Memo]);
      const found = await repo.find({ order: { stats: { views: 'ASC' } }, select: ['title'] });
      expect(found.map((e) => e.title)).toEqual((await oracle('1=1', 'views')).map(([title]) => title));
    });
  });
}
