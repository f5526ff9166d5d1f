import { Not } from 'typeorm';
import { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { Article, BlogPost, Book } from '../../entities';
import {
  InvalidArgumentError,
  SequenceError,
  SequenceQueryBuilder,
  sequenceOf,
  type SequencePath,
} from '../../src';
import { SequenceRepository } from '../../src/nestjs';
import { seed } from '../support/seed';
import { describeEachDialect, type TestDatabase } from '../support/test-database';

/** Names, paths, aliases and option keys an outside caller could send: each must be refused before SQL. */
const HOSTILE_NAMES: readonly string[] = [
  "title' OR '1'='1",
  'title -- ',
  'title/**/',
  'title; DROP TABLE book',
  '`title`',
  '"title"',
  'title) OR (1=1',
  ' 1=1) OR EXISTS (SELECT 1 FROM book b WHERE b',
  'ti tle',
  ' title',
  'títle',
  'title😀',
  'title\u0000',
  'title\n',
  'x'.repeat(100_000),
  `${'a.'.repeat(50_000)}a`,
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'item.title',
  'title.',
  '.title',
  'author..name',
  '',
  '.',
  '#x',
  '1title',
];

/** Values: legal, so they must reach the database only as parameters. */
const HOSTILE_VALUES: readonly string[] = [
  "x'; DROP TABLE book; --",
  "apple pie' OR '1'='1",
  '" OR "1"="1',
  '`; DELETE FROM article; #',
  ' 1=1) OR EXISTS (SELECT 1 FROM book b WHERE b',
  "\\'; DELETE FROM blog_post; --",
  '$1 /* :title */ ?',
  'Émile 😀 ‮',
];

type Seq = SequenceQueryBuilder<Book | Article | BlogPost>;
type Entry = [string, (name: string, db: TestDatabase) => unknown];

const pubsOf = (db: TestDatabase): Seq => sequenceOf(db.dataSource, 'publications');
const repoOf = (db: TestDatabase) => new SequenceRepository(db.dataSource, 'publications', 'publications');
const path = (name: string) => name as SequencePath<Book | Article | BlogPost>;
const any = (value: unknown) => value as any;

/** Every entry point that takes a name, a path, an alias or an option key. */
const ENTRIES: readonly Entry[] = [
  ['sequenceOf alias', (n, db) => sequenceOf(db.dataSource, [Book, Article], { alias: n })],
  ['sequenceOf option key', (n, db) => sequenceOf(db.dataSource, [Book, Article], any({ [n]: 'item' }))],
  [
    "SequenceQueryBuilder.from(a builder's own alias)",
    (n, db) => SequenceQueryBuilder.from(db.dataSource.getRepository(Book).createQueryBuilder(n)),
  ],
  [
    'or(a builder with that alias)',
    (n, db) => pubsOf(db).or(db.dataSource.getRepository(Book).createQueryBuilder(n)),
  ],
  ['where key', (n, db) => pubsOf(db).where(any({ [n]: 1 }))],
  ['where nested key', (n, db) => pubsOf(db).where(any({ author: { [n]: 1 } }))],
  ['exclude key', (n, db) => pubsOf(db).exclude(any({ [n]: 'x' }))],
  ['orWhere key in an array', (n, db) => pubsOf(db).orWhere(any([{ title: 'x' }, { [n]: 'x' }]))],
  ['orderBy path', (n, db) => pubsOf(db).orderBy(path(n))],
  ['addOrderBy path', (n, db) => pubsOf(db).orderBy('title').addOrderBy(path(n))],
  ['orderBy direction', (n, db) => pubsOf(db).orderBy('title', any(n))],
  ['orderBy nulls', (n, db) => pubsOf(db).orderBy('title', 'ASC', any(n))],
  ['select path', (n, db) => pubsOf(db).select([any(n)])],
  ['getValues path', (n, db) => pubsOf(db).getValues(path(n))],
  ['getTuples path', (n, db) => pubsOf(db).getTuples('title', path(n))],
  ['pluck path', (n, db) => pubsOf(db).pluck(path(n))],
  ['leftJoinAndSelect path', (n, db) => pubsOf(db).leftJoinAndSelect(n)],
  ['innerJoin path', (n, db) => pubsOf(db).innerJoin(n)],
  ['leftJoin alias', (n, db) => pubsOf(db).leftJoin('author', n)],
  ['innerJoinAndSelect alias', (n, db) => pubsOf(db).innerJoinAndSelect('author', n)],
  ['getLatest path', (n, db) => pubsOf(db).getLatest(n)],
  ['getEarliest path', (n, db) => pubsOf(db).getEarliest(`-${n}`)],
  ['update key', (n, db) => pubsOf(db).update(any({ [n]: 'x' }))],
  [
    'paginate option key',
    (n, db) =>
      pubsOf(db)
        .orderBy('title')
        .paginate(any({ first: 2, [n]: 1 })),
  ],
  ['stream option key', (n, db) => pubsOf(db).stream(any({ [n]: 1 }))],
  ['SequenceRepository.find option key', (n, db) => repoOf(db).find(any({ [n]: 1 }))],
  ['SequenceRepository.find where key', (n, db) => repoOf(db).find({ where: any({ [n]: 1 }) })],
  ['SequenceRepository.find order key', (n, db) => repoOf(db).find({ order: any({ [n]: 'ASC' }) })],
  [
    'SequenceRepository.findOne nested order key',
    (n, db) => repoOf(db).findOne({ order: any({ author: { [n]: 'ASC' } }) }),
  ],
  ['SequenceRepository.find relations path', (n, db) => repoOf(db).find({ relations: [n] })],
  ['SequenceRepository.find relations key', (n, db) => repoOf(db).find({ relations: any({ [n]: true }) })],
  ['SequenceRepository.count select path', (n, db) => repoOf(db).count({ select: [any(n)] })],
  ['SequenceRepository.find select key', (n, db) => repoOf(db).find({ select: any({ [n]: true }) })],
  ['SequenceRepository.paginate option key', (n, db) => repoOf(db).paginate(any({ first: 2, [n]: 1 }))],
  [
    'SequenceRepository alias',
    (n, db) => new SequenceRepository(db.dataSource, 'publications', 'publications', n).find(),
  ],
];

describeEachDialect('hostile input', (db) => {
  beforeAll(() => seed(db));

  /** What `act` threw (synchronously or by rejecting), with the statements it ran meanwhile. */
  async function outcome(act: () => unknown): Promise<{ error: unknown; queries: string[] }> {
    const { result, queries } = await db.counted(async () => {
      try {
        await act();
      } catch (error) {
        return error;
      }
      return 'no error';
    });
    return { error: result, queries };
  }

  /** Row counts of the three tables, by plain TypeORM. */
  const rowCounts = () =>
    Promise.all([Book, Article, BlogPost].map((entity) => db.dataSource.getRepository(entity).count()));

  /**
   * The names a builder made by the user keeps as its alias. PostgreSQL's and MySQL's TypeORM replaces an
   * alias longer than 63 characters by a hash of it, so the hostile text never reaches SQL; and a leading
   * digit is allowed in a builder's own alias (TypeORM's hashes have one).
   */
  const keptAsBuilderAlias = (name: string) => {
    const alias = db.dataSource.getRepository(Book).createQueryBuilder(name).expressionMap.mainAlias?.name;
    return (alias === undefined || alias === name) && name !== '1title';
  };

  test.each(ENTRIES)('%s: every hostile string is a SequenceError before any SQL', async (entry, act) => {
    const failures: { name: string; error: string; queries: number }[] = [];
    const builderAlias = entry.includes("builder's own alias") || entry.includes('builder with that alias');
    for (const name of builderAlias ? HOSTILE_NAMES.filter(keptAsBuilderAlias) : HOSTILE_NAMES) {
      const { error, queries } = await outcome(() => act(name, db));
      if (!(error instanceof SequenceError) || queries.length > 0) {
        failures.push({
          name: name.slice(0, 60),
          error: String(error).slice(0, 200),
          queries: queries.length,
        });
      }
    }
    expect(failures).toEqual([]);
  });

  test('the alias injection of the probe neither reads nor deletes every row', async () => {
    const before = await rowCounts();
    const alias = ' 1=1) OR EXISTS (SELECT 1 FROM book b WHERE b';
    const seq = () => sequenceOf(db.dataSource, [Book, Article], { alias }).where({ title: 'no such title' });
    for (const act of [() => seq().getMany(), () => seq().delete(), () => seq().getCount()]) {
      const { error, queries } = await outcome(act);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(/sequenceOf\(options\)\.alias/);
      expect(queries).toEqual([]);
    }
    expect(await rowCounts()).toEqual(before);
  });

  test('a plain alias other than item still works: the same values as with item', async () => {
    const values = (alias?: string) =>
      sequenceOf(db.dataSource, [Book, Article], alias ? { alias } : undefined)
        .orderBy('title')
        .addOrderBy('#')
        .getTuples('#', 'title');
    expect(await values('Pub_2')).toEqual(await values());
    expect(await sequenceOf(db.dataSource, [Book, Article], null).getCount()).toBe(
      (await rowCounts()).slice(0, 2).reduce((a, b) => a + b, 0),
    );
  });

  test('a 1 MB path fails at once with InvalidArgumentError, before any metadata lookup', async () => {
    const metadata = [Book, Article, BlogPost].map((e) => db.dataSource.getMetadata(e));
    const lookups = jest.spyOn(EntityMetadata.prototype, 'findRelationWithPropertyPath');
    try {
      for (const huge of ['t'.repeat(1 << 20), `${'author.'.repeat(150_000)}name`]) {
        for (const act of [
          () => pubsOf(db).orderBy(path(huge)),
          () => pubsOf(db).getValues(path(huge)),
          () => pubsOf(db).select([any(huge)]),
          () => pubsOf(db).leftJoinAndSelect(huge),
          () => pubsOf(db).where(any({ [huge]: 1 })),
          () => repoOf(db).find({ order: any({ [huge]: 'ASC' }), relations: [huge] }),
        ]) {
          lookups.mockClear();
          const { error, queries } = await outcome(act);
          expect(error).toBeInstanceOf(InvalidArgumentError);
          expect((error as Error).message.length).toBeLessThan(1000);
          expect(queries).toEqual([]);
          expect(lookups).not.toHaveBeenCalled();
        }
      }
      // A path within the bounds but unknown stops at its first unknown name: one lookup per entity.
      lookups.mockClear();
      const unknown = `nope.${'author.'.repeat(30)}name`;
      expect(() => pubsOf(db).orderBy(path(unknown))).toThrow(SequenceError);
      expect(lookups.mock.calls.length).toBeLessThanOrEqual(2 * metadata.length);
    } finally {
      lookups.mockRestore();
    }
  });

  test('paths within the bounds still resolve: a relation path orders as the database does', async () => {
    const names = await pubsOf(db)
      .orderBy('author.name', 'DESC', 'NULLS LAST')
      .addOrderBy('title')
      .getValues('author.name');
    const rows = await db.query<{ name: string }>(
      `SELECT a.name AS name FROM author a JOIN (` +
        ['book', 'article', 'blog_post']
          .map((t) => `SELECT ${db.q('authorId')} AS aid FROM ${db.q(t)}`)
          .join(' UNION ALL ') +
        `) u ON u.aid = a.id ORDER BY a.name DESC`,
    );
    const withAuthor = names.filter((row) => row['author.name'] !== null).map((row) => row['author.name']);
    expect(withAuthor).toEqual(rows.map((r) => r.name));
  });

  test("non-integer '#' values are refused with InvalidArgumentError before SQL", async () => {
    for (const value of [1.5, NaN, Infinity, -Infinity, '1', null, {}, 2 ** 53]) {
      for (const act of [
        () => pubsOf(db).where(any({ '#': value })),
        () => pubsOf(db).exclude(any({ '#': value })),
        () => repoOf(db).count({ where: any({ '#': value }) }),
      ]) {
        const { error, queries } = await outcome(act);
        expect({ value, error }).toEqual({ value, error: expect.any(InvalidArgumentError) });
        expect((error as Error).message).toMatch(/'#'.*integer/);
        expect(queries).toEqual([]);
      }
    }
    // An integer still selects its builder, as a plain count of that table says.
    expect(await pubsOf(db).where({ '#': 1 }).getCount()).toBe((await rowCounts())[1]);
  });

  test('option objects: null is no options, anything else wrong is refused before SQL', async () => {
    const seq = pubsOf(db).orderBy('title').addOrderBy('#');
    const all = await seq.getMany();
    const streamed: unknown[] = [];
    for await (const row of seq.stream(null)) streamed.push(row);
    expect(streamed).toEqual(all);
    expect(await repoOf(db).count(null as any)).toBe(all.length);
    const bad: [string, () => unknown, RegExp][] = [
      ['paginate(null)', () => seq.paginate(null), /paginate\(options\).*first/],
      ['paginate(7)', () => seq.paginate(any(7)), /paginate\(options\): options must be an object/],
      ['paginate([])', () => seq.paginate(any([])), /paginate\(options\)/],
      ['paginate({ before })', () => seq.paginate({ before: 'x' }), /before needs last/],
      ['paginate({ after })', () => seq.paginate({ after: 'x' }), /after needs first/],
      ['paginate unknown key', () => seq.paginate(any({ first: 2, frist: 2 })), /unknown option 'frist'/],
      [
        'secret 123',
        () => seq.paginate(any({ first: 2, secret: 123 })),
        /secret.*non-empty string or Buffer/,
      ],
      ["secret ''", () => seq.paginate({ first: 2, secret: '' }), /secret.*non-empty/],
      ['empty Buffer secret', () => seq.paginate({ first: 2, secret: Buffer.alloc(0) }), /secret/],
      ['withCount: "yes"', () => seq.paginate(any({ first: 2, withCount: 'yes' })), /withCount/],
      ['stream(7)', () => seq.stream(any(7)), /stream\(options\)/],
      [
        'stream unknown key',
        () => seq.stream(any({ batchsize: 2 })),
        /unknown option 'batchsize'.*batchSize/,
      ],
      ['repository paginate({ before })', () => repoOf(db).paginate({ before: 'x' }), /before needs last/],
      ['repository paginate(null)', () => repoOf(db).paginate(null), /first/],
      ['repository paginate secret', () => repoOf(db).paginate(any({ first: 1, secret: 1 })), /secret/],
      ['repository find("x")', () => repoOf(db).find(any('x')), /find\(options\)/],
    ];
    for (const [label, act, message] of bad) {
      const { error, queries } = await outcome(act);
      expect({ label, error }).toEqual({ label, error: expect.any(InvalidArgumentError) });
      expect({ label, message: (error as Error).message }).toEqual({
        label,
        message: expect.stringMatching(message),
      });
      expect({ label, queries }).toEqual({ label, queries: [] });
    }
  });

  test('a Buffer secret signs cursors: the next page follows, and another secret is refused', async () => {
    const seq = pubsOf(db).orderBy('title').addOrderBy('#');
    const secret = Buffer.from('s3cret');
    const page = await seq.paginate({ first: 3, secret });
    const next = await seq.paginate({ first: 3, after: page.pageInfo.endCursor, secret });
    expect([...page.items, ...next.items]).toEqual(await seq.take(6).getMany());
    await expect(
      seq.paginate({ first: 3, after: page.pageInfo.endCursor, secret: Buffer.from('other') }),
    ).rejects.toBeInstanceOf(SequenceError);
  });

  test.each(HOSTILE_VALUES)('the value %j travels as a parameter in where()', async (value) => {
    const seq = pubsOf(db).where({ title: value }).orWhere('item.title = :t', { t: value });
    const { result, queries, parameters } = await db.counted(() => seq.getCount());
    const expected = (
      await Promise.all(
        [Book, Article, BlogPost].map((e) => db.dataSource.getRepository(e).countBy({ title: value })),
      )
    ).reduce((a, b) => a + b, 0);
    expect(result).toBe(expected);
    expect(queries.filter((sql) => sql.includes(value))).toEqual([]);
    expect(parameters.flat()).toContain(value);
    const everyOther = await pubsOf(db)
      .where({ title: Not(value) })
      .getCount();
    expect(everyOther).toBe((await rowCounts()).reduce((a, b) => a + b, 0) - expected);
  });

  test.each(HOSTILE_VALUES)(
    'the value %j travels as a parameter in update() and is stored as is',
    async (value) => {
      const repo = db.dataSource.getRepository(Article);
      const target = await repo.findOneByOrFail({ title: 'delta' });
      const before = await rowCounts();
      const others = await repo.find({ where: { id: Not(target.id) }, order: { id: 'ASC' } });
      const { result, queries } = await db.counted(() =>
        pubsOf(db).where({ '#': 1, title: 'delta' }).update({ title: value }),
      );
      try {
        expect(result).toEqual({ affected: 1, byEntity: { Article: 1 } });
        expect(queries.filter((sql) => sql.includes(value))).toEqual([]);
        expect((await repo.findOneByOrFail({ id: target.id })).title).toBe(value);
        expect(await repo.find({ where: { id: Not(target.id) }, order: { id: 'ASC' } })).toEqual(others);
        expect(await rowCounts()).toEqual(before);
      } finally {
        await repo.update(target.id, { title: 'delta' });
      }
    },
  );
});
