import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ALL_ENTITIES, Article, Book } from '../../entities';
import { SequenceQueryBuilder } from '../../src';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { pubs } from './projection-oracle';

describeEachDialect('explain()', (db) => {
  /** A second database (embedded SQLite) holding articles, for a sequence across DataSources. */
  const other = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: ALL_ENTITIES,
    synchronize: true,
  });

  beforeAll(async () => {
    await seed(db);
    await other.initialize();
    await other.manager.save(Article, [
      { title: 'elsewhere', release: '2024-01-01', pages: 3, medium: 'Web', author: null },
      { title: 'far away', release: null, pages: 4, medium: 'Web', author: null },
    ]);
  });
  afterAll(() => other.destroy());

  it("returns one entry for the DataSource: the database's plan rows and the statement getMany() runs", async () => {
    const seq = pubs(db).where('item.pages > :n', { n: 3 }).orderBy('title').take(5);
    const plans = await seq.explain();
    expect(plans).toHaveLength(1);
    const [plan] = plans;
    expect(Array.isArray(plan.plan)).toBe(true);
    expect(plan.plan.length).toBeGreaterThan(0);
    expect(plan.plan.every((row) => typeof row === 'object' && row !== null)).toBe(true);
    expect(typeof plan.sql).toBe('string');
    expect(seq.getQueries().map((q) => q.sql)).toContain(plan.sql);
    // The plan is about the builders' tables, under their alias (SQLite: SCAN item, MariaDB: table item,
    // PostgreSQL: Seq Scan on book item).
    expect(JSON.stringify(plan.plan)).toContain('item');
  });

  it('runs only the EXPLAIN: one statement, nothing loaded', async () => {
    const { result, queries } = await db.counted(() => pubs(db).orderBy('pages').explain());
    expect(result).toHaveLength(1);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/^EXPLAIN/i);
  });

  it("a page's plan is the one the database runs: ANALYZE on MariaDB (its EXPLAIN misreads limited branches)", async () => {
    const { result, queries } = await db.counted(() => pubs(db).orderBy('title').take(3).explain());
    const [statement] = queries.filter((sql) => !/^SELECT VERSION\(\)/i.test(sql));
    if (db.dialect === 'mysql') {
      // MariaDB's plain EXPLAIN calls each parenthesized `(… ORDER BY … LIMIT 3)` member a full scan and
      // filesort; ANALYZE ran it, and says how many rows each branch really read (r_rows).
      expect(statement).toMatch(/^ANALYZE \(SELECT/);
      const branches = result[0].plan.filter((row) => row.table === 'item');
      expect(branches.length).toBe(3);
      for (const row of branches) expect(Number(row.r_rows)).toBeGreaterThanOrEqual(0);
    } else {
      expect(statement).toMatch(/^EXPLAIN/);
    }
  });

  it('one entry per DataSource for a sequence across two databases', async () => {
    const seq = SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('local_books'),
      other.getRepository(Article).createQueryBuilder('remote_articles'),
    ).orderBy('title');
    const plans = await seq.explain();
    expect(plans).toHaveLength(2);
    expect(plans.map((p) => p.entity).sort()).toEqual(['Article', 'Book']);
    for (const plan of plans) expect(plan.plan.length).toBeGreaterThan(0);
    const planOf = (entity: string) => JSON.stringify(plans.find((p) => p.entity === entity)!.plan);
    expect(planOf('Book')).toContain('local_books');
    expect(planOf('Article')).toContain('remote_articles');
    expect(planOf('Article')).not.toContain('local_books');
    expect((await seq.getMany()).map((e) => e.title)).toContain('elsewhere');
  });

  it('an empty sequence explains nothing and runs no SQL', async () => {
    const { result, queries } = await db.counted(() => pubs(db).none().explain());
    expect(result).toEqual([]);
    expect(queries).toEqual([]);
  });
});
