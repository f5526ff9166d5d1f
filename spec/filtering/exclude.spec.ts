import { Brackets, In, IsNull, MoreThan } from 'typeorm';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { ALL_LABELS, expectOracle, hasAuthor, hasTag, pubs } from './filtering-helpers';

describeEachDialect('filtering: exclude()', (db) => {
  beforeAll(() => seed(db));

  const rel = () => `t.${db.q('release')}`;
  const authorId = () => `t.${db.q('authorId')}`;

  it('keeps rows where the compared column is NULL', async () => {
    const rows = await expectOracle(
      db,
      pubs(db).exclude({ release: '2020-01-01' }),
      `${rel()} IS NULL OR ${rel()} <> '2020-01-01'`,
    );
    expect(rows).toEqual(expect.arrayContaining(['Book:3', 'Article:2', 'BlogPost:nul']));
    expect(rows).not.toContain('Book:1');
    expect(rows).toHaveLength(ALL_LABELS.length - 4);
  });

  it('with a nested relation keeps rows that have no author', async () => {
    const rows = await expectOracle(
      db,
      pubs(db).exclude({ author: { name: 'Alice' } }),
      `${authorId()} IS NULL OR NOT ${hasAuthor(db, `a.name = 'Alice'`)}`,
    );
    expect(rows).toEqual(expect.arrayContaining(['Book:5', 'Article:5', 'BlogPost:CAPS']));
    expect(rows).toHaveLength(ALL_LABELS.length - 4);
  });

  it('two levels deep keeps rows whose author has no publisher, or no author at all', async () => {
    const rows = await expectOracle(
      db,
      pubs(db).exclude({ author: { publisher: { name: 'Penguin' } } }),
      `${authorId()} IS NULL OR NOT ${hasAuthor(db, `p.name = 'Penguin'`)}`,
    );
    expect(rows).toEqual(expect.arrayContaining(['Book:3', 'Book:5']));
  });

  it('with a to-many relation drops every entity that has a matching tag, and lists each entity once', async () => {
    const rows = await expectOracle(
      db,
      pubs(db).exclude({ tags: { name: 'django' } }),
      (table) => `NOT ${hasTag(db, `g.name = 'django'`)(table)}`,
    );
    expect(rows).not.toContain('BlogPost:hello');
    expect(new Set(rows).size).toBe(rows.length);
  });

  it('an object with several fields excludes rows where all of them hold', async () => {
    await expectOracle(
      db,
      pubs(db).exclude({ release: '2020-01-01', pages: MoreThan(50) }),
      `${rel()} IS NULL OR NOT (${rel()} = '2020-01-01' AND t.pages > 50)`,
    );
  });

  it('an array excludes rows matching any of its objects', async () => {
    await expectOracle(
      db,
      pubs(db).exclude([{ title: 'cherry' }, { pages: MoreThan(100) }, { author: IsNull() }]),
      `NOT (t.title = 'cherry' OR t.pages > 100 OR ${authorId()} IS NULL)`,
    );
  });

  it('a string condition: rows where it is NULL (unknown) are kept too', async () => {
    await expectOracle(
      db,
      pubs(db).exclude('item.release > :d', { d: '2021-01-01' }),
      `${rel()} IS NULL OR ${rel()} <= '2021-01-01'`,
    );
  });

  it('a Brackets condition: rows where it is NULL (unknown) are kept too', async () => {
    await expectOracle(
      db,
      pubs(db).exclude(new Brackets((qb) => qb.where('item.release < :d', { d: '2021-01-01' }))),
      `${rel()} IS NULL OR ${rel()} >= '2021-01-01'`,
    );
  });

  it('ANDs with where() and with other excludes', async () => {
    await expectOracle(
      db,
      pubs(db)
        .where({ pages: In([2, 4, 5, 250]) })
        .exclude({ title: 'Zulu' })
        .exclude({ release: '2021-06-15' }),
      `t.pages IN (2, 4, 5, 250) AND t.title <> 'Zulu' AND (${rel()} IS NULL OR ${rel()} <> '2021-06-15')`,
    );
  });

  it('exclude(IsNull()) keeps only rows with a value', async () => {
    const rows = await expectOracle(db, pubs(db).exclude({ release: IsNull() }), `${rel()} IS NOT NULL`);
    expect(rows).toHaveLength(ALL_LABELS.length - 3);
  });
});
