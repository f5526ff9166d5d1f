import 'reflect-metadata';
import { Column, Entity, ManyToOne, PrimaryColumn } from 'typeorm';
import { sequenceOf, type SequenceQueryBuilder } from '../../src';
import { availableDialects } from '../support/dialects';
import { TestDatabase } from '../support/test-database';
import { indexName } from '../../src/dialect/index-syntax';

/*
 * indexHints() on tables with many ties: 3,000 rows per entity, 5 % NULL releases and ten distinct dates
 * for the rest, three media. Before the advised indexes a first page of 20 reads (and sorts) every
 * matching row of each table; after running their `sql` it reads about 20 rows per builder, as each
 * database's own plan says: EXPLAIN ANALYZE on PostgreSQL (rows of the scans), ANALYZE FORMAT=JSON on
 * MariaDB (r_rows), EXPLAIN QUERY PLAN on SQLite (no temporary B-tree sorting a table's rows).
 */

@Entity('hint_author')
export class HintAuthor {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  name!: string;
}

/** The columns both media share (TypeORM gives each entity its own table with them). */
abstract class HintItem {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'date', nullable: true })
  release!: string | null;

  @Column({ type: 'varchar', length: 10 })
  medium!: string;

  @Column({ type: 'varchar', length: 20 })
  title!: string;

  @ManyToOne(() => HintAuthor, { nullable: true })
  author!: HintAuthor | null;
}

@Entity('hint_book')
export class HintBook extends HintItem {}

@Entity('hint_article')
export class HintArticle extends HintItem {}

/**
 * Rows per entity. MariaDB's cost model scans and sorts a table of a few thousand rows rather than read an
 * index that does not hold every selected column (so would any query of it): it gets ten times more.
 */
const rowsFor = (dialect: string) => (dialect === 'mysql' ? 30_000 : 3000);
const TAKE = 20;
const MEDIA = ['Wired', 'Times', 'Blog'];

const row = (i: number) => ({
  id: i,
  release: i % 20 === 0 ? null : `2020-01-${String((i % 10) + 1).padStart(2, '0')}`,
  medium: MEDIA[i % 3],
  title: `t${i % 7}`,
  author: { id: i % 4 },
});

/** Rows the database read from the tables for a statement (its scans), or null where it cannot tell. */
async function rowsRead(
  db: TestDatabase,
  sql: string,
  parameters: readonly unknown[],
): Promise<number | null> {
  if (db.dialect === 'postgres') {
    const [result] = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [...parameters]);
    let read = 0;
    const walk = (node: any) => {
      if (node['Relation Name']) read += node['Actual Rows'] * node['Actual Loops'];
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(result['QUERY PLAN'][0].Plan);
    return read;
  }
  if (db.dialect === 'mysql') {
    const [result] = await db.query(`ANALYZE FORMAT=JSON ${sql}`, [...parameters]);
    let read = 0;
    const walk = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      const table = node as Record<string, unknown>;
      if (typeof table.table_name === 'string' && !table.table_name.startsWith('<') && 'r_rows' in table)
        read += Number(table.r_rows) * Number(table.r_loops ?? 1);
      for (const value of Object.values(table)) walk(value);
    };
    walk(JSON.parse(result.ANALYZE));
    return read;
  }
  return null;
}

/** SQLite: EXPLAIN QUERY PLAN lines that sort a table's rows (a temporary B-tree beside a scan of `item`). */
async function sqliteTableSorts(db: TestDatabase, sql: string, parameters: readonly unknown[]) {
  const plan: { id: number; parent: number; detail: string }[] = await db.query(`EXPLAIN QUERY PLAN ${sql}`, [
    ...parameters,
  ]);
  return plan
    .filter((line) => /TEMP B-TREE FOR .*ORDER BY/.test(line.detail))
    .filter((line) => plan.some((o) => o.parent === line.parent && /^(SCAN|SEARCH) item\b/.test(o.detail)));
}

for (const dialect of availableDialects()) {
  describe(`indexHints() and explain().sortsAllRows [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    const q = (name: string) => db.q(name);
    const both = () => sequenceOf(db.dataSource, [HintBook, HintArticle]) as SequenceQueryBuilder<any>;
    const created: { name: string; table: string }[] = [];
    const ROWS = rowsFor(dialect);

    afterAll(() => db.close());
    beforeAll(async () => {
      await db.open([HintAuthor, HintBook, HintArticle]);
      await db.dataSource
        .getRepository(HintAuthor)
        .insert([0, 1, 2, 3].map((id) => ({ id, name: `a${id}` })));
      for (let from = 0; from < ROWS; from += 1000) {
        const chunk = Array.from({ length: 1000 }, (_, i) => row(from + i));
        await db.dataSource.getRepository(HintBook).insert(chunk);
        await db.dataSource.getRepository(HintArticle).insert(chunk);
      }
      if (db.dialect !== 'sqlite')
        await db.query(db.dialect === 'postgres' ? 'ANALYZE' : 'ANALYZE TABLE hint_book, hint_article');
    });

    /** Runs each hint's `sql` and refreshes the statistics. */
    async function createAdvised(seq: SequenceQueryBuilder<any>) {
      for (const { sql, table } of seq.indexHints()) {
        await db.query(sql!);
        created.push({ name: /^CREATE INDEX (\S+) ON/.exec(sql!)![1], table });
      }
      await analyze();
    }

    const analyze = async () => {
      if (db.dialect !== 'sqlite')
        await db.query(db.dialect === 'postgres' ? 'ANALYZE' : 'ANALYZE TABLE hint_book, hint_article');
    };

    /** Each case starts from the tables without the indexes another case advised. */
    afterEach(async () => {
      for (const { name, table } of created.splice(0))
        await db.query(db.dialect === 'mysql' ? `DROP INDEX ${name} ON ${q(table)}` : `DROP INDEX ${name}`);
      await analyze();
    });

    /** The first page's statement as getMany() runs it, its rows read, and explain()'s verdict. */
    async function measure(seq: SequenceQueryBuilder<any>) {
      const [query] = seq.getQueries();
      const [plan] = await seq.explain();
      return {
        read: await rowsRead(db, query.sql, query.parameters),
        sqliteSorts:
          db.dialect === 'sqlite' ? (await sqliteTableSorts(db, query.sql, query.parameters)).length : 0,
        sortsAllRows: plan.sortsAllRows,
      };
    }

    const cases: [string, () => SequenceQueryBuilder<any>, string[], () => number][] = [
      [
        "orderBy('release', 'DESC') (5 % NULL, ten dates)",
        () => both().orderBy('release', 'DESC').take(TAKE),
        ['release DESC', 'id DESC'],
        () => ROWS,
      ],
      [
        "where({ medium: 'Wired' }).orderBy('release').addOrderBy('title', 'DESC')",
        () => both().where({ medium: 'Wired' }).orderBy('release').addOrderBy('title', 'DESC').take(TAKE),
        ['medium ASC', 'release ASC', 'title DESC', 'id DESC'],
        () => ROWS / 3,
      ],
    ];

    it.each(cases)(
      '%s: a first page reads every matching row before the advised indexes, about take() after',
      async (_, make, columns, matching) => {
        const seq = make();
        const hints = seq.indexHints();
        expect(hints.map((h) => [h.entity, h.index, h.table, h.columns])).toEqual([
          ['HintBook', 0, 'hint_book', columns],
          ['HintArticle', 1, 'hint_article', columns],
        ]);
        for (const hint of hints) {
          const name = `seq_${hint.table}_${columns.map((c) => c.replace(/ ASC$/, '').replace(/ DESC$/, '_d')).join('_')}`;
          const list = columns.map((c) => `${q(c.split(' ')[0])} ${c.split(' ')[1]}`).join(', ');
          expect(hint.sql).toBe(`CREATE INDEX ${q(name)} ON ${q(hint.table)} (${list})`);
          expect(hint.note).toBeUndefined();
        }
        const before = await measure(seq);
        expect(before.sortsAllRows).toBe(true);
        if (db.dialect === 'sqlite') expect(before.sqliteSorts).toBeGreaterThanOrEqual(2);
        else expect(before.read).toBeGreaterThanOrEqual(2 * matching());

        const expected = await seq.getMany();
        await createAdvised(seq);
        const after = await measure(seq);
        expect(after.sortsAllRows).toBe(false);
        if (db.dialect === 'sqlite') expect(after.sqliteSorts).toBe(0);
        // take() rows per builder, and the one after it that a LIMIT may look at.
        else expect(after.read).toBeLessThanOrEqual(2 * (TAKE + 1));
        // The same page as before.
        expect((await seq.getMany()).map((e) => `${e.constructor.name}:${e.id}`)).toEqual(
          expected.map((e) => `${e.constructor.name}:${e.id}`),
        );
      },
    );

    it('the same sequence gives the same names; a long name is cut to 63 characters with a hash', () => {
      const seq = () =>
        both().where({ medium: 'Wired', title: 't1' }).orderBy('release', 'DESC').addOrderBy('medium');
      expect(seq().indexHints()).toEqual(seq().indexHints());
      const [hint] = seq().indexHints();
      // medium is compared with =: it leads, once.
      expect(hint.columns).toEqual(['medium ASC', 'title ASC', 'release DESC', 'id ASC']);
      const name = /^CREATE INDEX (\S+) ON/.exec(hint.sql!)![1];
      expect(name).toBe(q('seq_hint_book_medium_title_release_d_id'));
      const columns = ['release', 'title', 'medium', 'author_id', 'id'].map((n) => ({
        name: n,
        order: 'DESC' as const,
      }));
      const long = indexName('hint_article_with_a_long_table_name', columns);
      expect(long).toHaveLength(63);
      expect(long).toMatch(/_[0-9a-f]{8}$/);
      expect(indexName('hint_article_with_a_long_table_name', columns.slice(0, 4))).not.toBe(long);
    });

    it("keys no column of the table serves: a joined path stops the advice, '#' needs none, an OR drops the = columns", () => {
      const joinedFirst = both().orderBy('author.name').indexHints();
      for (const hint of joinedFirst) {
        expect(hint.sql).toBeNull();
        expect(hint.note).toMatch(/author\.name \(a joined table\)/);
      }
      const joinedSecond = both().orderBy('release').addOrderBy('author.name').indexHints();
      expect(joinedSecond[0].columns).toEqual(['release ASC']);
      expect(joinedSecond[0].sql).toBe(
        `CREATE INDEX ${q('seq_hint_book_release')} ON ${q('hint_book')} (${q('release')} ASC)`,
      );
      expect(joinedSecond[0].note).toMatch(/covers the keys before it/);
      for (const hint of both().orderBy('#', 'DESC').indexHints()) {
        expect(hint.sql).toBeNull();
        expect(hint.columns).toEqual(['id DESC']);
        expect(hint.note).toMatch(/primary key's own index/);
      }
      const either = both().where({ medium: 'Wired' }).orWhere({ title: 't1' }).orderBy('release');
      expect(either.indexHints()[0].columns).toEqual(['release ASC', 'id ASC']);
      expect(both().none().indexHints()).toEqual([]);
    });

    it('explain() without take() never marks a plan (every row is needed)', async () => {
      const [plan] = await both().orderBy('title').explain();
      expect(plan.sortsAllRows).toBe(false);
      expect(plan.warning).toBeUndefined();
    });
  });
}
