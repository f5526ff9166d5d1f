import { DataSource } from 'typeorm';
import { ALL_ENTITIES, Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder } from '../../src';
import { connectionOptions } from '../support/dialects';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

/**
 * The two plans must agree: builders on one DataSource (one UNION ALL key query) and the same builders
 * spread over two DataSources of the same database (per-database LIMIT skip+take, merged in JS). Keys
 * here are numbers and dates, which compare the same in the database and in JavaScript.
 */
describeEachDialect('plans agree', (db) => {
  let second: DataSource;
  beforeAll(async () => {
    await seed(db);
    // An in-memory SQLite database is private to its connection: the second one gets a copy of the rows.
    const sqlite = db.dialect === 'sqlite';
    second = new DataSource({
      ...connectionOptions(db.dialect),
      entities: ALL_ENTITIES,
      synchronize: sqlite,
    } as any);
    await second.initialize();
    if (sqlite) {
      for (const entity of [Article, BlogPost]) {
        const rows = await db.dataSource.getRepository(entity).find();
        await second.getRepository(entity).save(rows);
      }
    }
  });
  afterAll(() => second?.destroy());

  const single = () =>
    SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('item'),
      db.dataSource.getRepository(Article).createQueryBuilder('item'),
      db.dataSource.getRepository(BlogPost).createQueryBuilder('item'),
    );
  const spread = () =>
    SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('item'),
      second.getRepository(Article).createQueryBuilder('item'),
      second.getRepository(BlogPost).createQueryBuilder('item'),
    );

  const cases: [string, (s: SequenceQueryBuilder<any>) => SequenceQueryBuilder<any>, string][] = [
    ['pages ASC', (s) => s.orderBy('pages'), 'pages ASC, idx ASC, ipk ASC, spk ASC'],
    ['pages DESC', (s) => s.orderBy('pages', 'DESC'), 'pages DESC, idx DESC, ipk DESC, spk DESC'],
    [
      'release DESC NULLS LAST, pages',
      (s) => s.orderBy('release', 'DESC', 'NULLS LAST').addOrderBy('pages'),
      '',
    ],
  ];

  for (const [name, order, oracleOrder] of cases) {
    it(`${name}: every page of both plans is the same`, async () => {
      const all = (await order(single()).getMany()).map(label);
      expect(all).toHaveLength(16);
      if (oracleOrder) expect(all).toEqual(await oracle(db, { orderBy: oracleOrder }));
      expect((await order(spread()).getMany()).map(label)).toEqual(all);
      for (const [skip, take] of [
        [0, 3],
        [2, 5],
        [10, 10],
        [15, 4],
      ]) {
        const want = all.slice(skip, skip + take);
        expect((await order(single()).skip(skip).take(take).getMany()).map(label)).toEqual(want);
        expect((await order(spread()).skip(skip).take(take).getMany()).map(label)).toEqual(want);
      }
    });
  }

  it('counts, heads and streams agree between the plans', async () => {
    for (const make of [single, spread]) {
      const seq = make().orderBy('pages', 'DESC');
      const all = (await seq.getMany()).map(label);
      expect(await seq.getCount()).toBe(16);
      expect(label((await seq.getFirst())!)).toBe(all[0]);
      expect(label((await seq.getLast())!)).toBe(all[all.length - 1]);
      const streamed: string[] = [];
      for await (const item of seq.stream({ batchSize: 3 })) streamed.push(label(item));
      expect(streamed).toEqual(all);
    }
  });

  it('the one-DataSource plan runs one key query, which carries the columns of a shallow page', async () => {
    const seq = single().orderBy('pages', 'DESC').take(4);
    const { queries } = await db.counted(() => seq.getMany());
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/UNION ALL/);
  });

  it('builders it cannot carry (rows repeated by a to-many join) are loaded: one load per such builder in the page', async () => {
    const seq = single().leftJoinAndSelect('tags').orderBy('pages', 'DESC').take(4);
    const { result, queries } = await db.counted(() => seq.getMany());
    const builders = new Set(result.map((e) => e.constructor.name)).size;
    expect(queries).toHaveLength(1 + builders);
    expect(queries[0]).toMatch(/UNION ALL/);
  });
});
