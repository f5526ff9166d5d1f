import { In, MoreThan } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { InvalidArgumentError, sequenceOf, SequenceQueryBuilder } from '../../src';
import { SequenceRepository } from '../../src/nestjs';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

/** getCounts(), paginate({ withCount: 'byEntity' }) and SequenceRepository.counts() against TypeORM's own counts. */
describeEachDialect('getCounts()', (db) => {
  const ENTITIES = [Book, Article, BlogPost];
  const pubs = () => sequenceOf(db.dataSource, 'publications');
  const qb = (entity: Function) => db.dataSource.getRepository(entity).createQueryBuilder('item');

  beforeAll(() => seed(db));

  /** TypeORM's getCount() of each entity under a string condition. */
  const perEntity = (where = '1 = 1', parameters = {}) =>
    Promise.all(ENTITIES.map((e) => qb(e).where(where, parameters).getCount()));

  it('splits getCount() per entity and per #, ignoring skip/take, in as many statements as getCount()', async () => {
    const seq = pubs().where('item.pages > :p', { p: 4 }).orderBy('title').skip(2).take(1);
    const expected = await perEntity('item.pages > :p', { p: 4 });
    const counts = await db.counted(() => seq.getCounts());
    const count = await db.counted(() => seq.getCount());
    expect(counts.result).toEqual({
      total: expected[0] + expected[1] + expected[2],
      byEntity: { Book: expected[0], Article: expected[1], BlogPost: expected[2] },
      byIndex: expected,
    });
    expect(count.result).toBe(counts.result.total);
    expect(counts.queries).toHaveLength(count.queries.length);
    expect(counts.queries).toHaveLength(db.dialect === 'sqlite' ? 1 : 3);
  });

  it('in a transaction: one statement, as getCount()', async () => {
    const expected = await perEntity();
    await db.dataSource.transaction(async (manager) => {
      const { result, queries } = await db.counted(() => sequenceOf(manager, 'publications').getCounts());
      expect(result.byIndex).toEqual(expected);
      expect(queries).toHaveLength(1);
    });
  });

  it('two builders of one entity add up under its name; byIndex keeps them apart', async () => {
    const seq = SequenceQueryBuilder.from(
      qb(Book).where('item.pages > 100'),
      qb(Article),
      qb(Book).where('item.pages <= 100'),
    );
    const [thick, thin, articles] = await Promise.all([
      qb(Book).where('item.pages > 100').getCount(),
      qb(Book).where('item.pages <= 100').getCount(),
      qb(Article).getCount(),
    ]);
    expect(await seq.getCounts()).toEqual({
      total: thick + thin + articles,
      byEntity: { Book: thick + thin, Article: articles },
      byIndex: [thick, articles, thin],
    });
  });

  it('a builder filtered out by # counts 0 and runs no SQL', async () => {
    const { result, queries } = await db.counted(() =>
      pubs()
        .where({ '#': In([0, 2]) })
        .getCounts(),
    );
    const expected = await perEntity();
    expect(result).toEqual({
      total: expected[0] + expected[2],
      byEntity: { Book: expected[0], Article: 0, BlogPost: expected[2] },
      byIndex: [expected[0], 0, expected[2]],
    });
    expect(queries.join('\n')).not.toMatch(/article/i);
  });

  it('a to-many join counts each row once, as TypeORM', async () => {
    const seq = pubs()
      .leftJoinAndSelect('tags')
      .where({ tags: { name: 'django' } });
    const expected = await Promise.all(
      ENTITIES.map((e) =>
        qb(e).leftJoinAndSelect('item.tags', 'tags').where('tags.name = :n', { n: 'django' }).getCount(),
      ),
    );
    expect((await seq.getCounts()).byIndex).toEqual(expected);
  });

  it('an empty sequence has no counts and runs no SQL', async () => {
    const { result, queries } = await db.counted(() => pubs().none().getCounts());
    expect(result).toEqual({ total: 0, byEntity: {}, byIndex: [] });
    expect(queries).toEqual([]);
  });

  it("paginate({ withCount: 'byEntity' }) returns getCounts() as counts beside totalCount", async () => {
    const seq = pubs()
      .where({ pages: MoreThan(3) })
      .orderBy('release', 'DESC');
    const counts = await seq.getCounts();
    const page = await seq.paginate({ first: 2, withCount: 'byEntity' });
    expect(page.counts).toEqual(counts);
    expect(page.totalCount).toBe(counts.total);
    const next = await seq.paginate({ first: 2, after: page.pageInfo.endCursor, withCount: 'byEntity' });
    expect(next.counts).toEqual(counts);
    const plain = await seq.paginate({ first: 2, withCount: true });
    expect(plain.totalCount).toBe(counts.total);
    expect(plain.counts).toBeUndefined();
  });

  it('paginate() refuses another withCount before any SQL', async () => {
    const { queries } = await db.counted(async () => {
      for (const bad of ['entity', 1, {}]) {
        await expect(pubs().paginate({ first: 1, withCount: bad as any })).rejects.toThrow(
          InvalidArgumentError,
        );
        await expect(pubs().paginate({ first: 1, withCount: bad as any })).rejects.toThrow(
          /withCount.*'byEntity'/,
        );
      }
    });
    expect(queries).toEqual([]);
  });

  it('SequenceRepository.counts() / countsBy() are getCounts() of the find options', async () => {
    const repo = new SequenceRepository(db.dataSource, 'publications', 'publications');
    const expected = await pubs()
      .where({ pages: MoreThan(4) })
      .getCounts();
    expect(await repo.counts({ where: { pages: MoreThan(4) }, skip: 1, take: 1 })).toEqual(expected);
    expect(await repo.countsBy({ pages: MoreThan(4) })).toEqual(expected);
    const page = await repo.paginate({ first: 1, where: { pages: MoreThan(4) }, withCount: 'byEntity' });
    expect(page.counts).toEqual(expected);
  });
});
