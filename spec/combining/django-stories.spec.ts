import type { SelectQueryBuilder } from 'typeorm';
import { Category, Medium, Story, User } from '../../entities';
import { SequenceQueryBuilder, sequenceIndexOf, unionBuilders } from '../../src';
import { describeEachDialect, type TestDatabase } from '../support/test-database';

/*
 * The scenario of the Django tip "merge querysets with |" (shared/reference/000_*): the stories of the medium
 * 'Django Blog' together with vitor's stories in the category 'django', then
 * `stories.distinct().order_by('-date')[:10]`.
 */

// [title, date, author, category, mediums]
const STORIES: [string, string, string, string, string[]][] = [
  ['s1', '2023-01-10', 'vitor', 'django', ['Django Blog']],
  ['s2', '2023-01-11', 'ana', 'django', ['Django Blog']],
  ['s3', '2023-01-12', 'vitor', 'python', ['Django Blog']],
  ['s4', '2023-01-12', 'vitor', 'django', ['Other Blog']],
  ['s5', '2023-01-13', 'ana', 'python', ['Other Blog']],
  ['s6', '2023-01-14', 'vitor', 'python', []],
  ['s7', '2023-01-14', 'ana', 'django', ['Django Blog']],
  ['s8', '2023-01-15', 'vitor', 'django', ['Django Blog', 'Other Blog']],
  ['s9', '2023-01-16', 'ana', 'django', []],
  ['s10', '2023-01-16', 'vitor', 'django', []],
  ['s11', '2023-01-16', 'ana', 'python', ['Django Blog']],
  ['s12', '2023-01-17', 'vitor', 'django', ['Django Blog']],
  ['s13', '2023-01-18', 'ana', 'django', ['Other Blog']],
  ['s14', '2023-01-18', 'vitor', 'django', []],
  ['s15', '2023-01-19', 'ana', 'python', ['Django Blog']],
  ['s16', '2023-01-05', 'vitor', 'django', []],
  ['s17', '2023-01-12', 'ana', 'django', ['Django Blog']],
  ['s18', '2023-01-12', 'vitor', 'django', []],
];

async function seedStories(db: TestDatabase): Promise<void> {
  const m = db.dataSource.manager;
  const users = await m.save(User, [{ username: 'vitor' }, { username: 'ana' }]);
  const categories = await m.save(Category, [{ name: 'django' }, { name: 'python' }]);
  const stories: Story[] = [];
  for (const [title, date, user, category] of STORIES) {
    stories.push(
      await m.save(Story, {
        title,
        date,
        content: null,
        author: users.find((u) => u.username === user)!,
        category: categories.find((c) => c.name === category)!,
      }),
    );
  }
  for (const name of ['Django Blog', 'Other Blog']) {
    const inMedium = stories.filter((_, i) => STORIES[i][4].includes(name));
    await m.save(Medium, { name, stories: inMedium });
  }
}

/** The hand-written SQL: the UNION of both sides' ids, newest first, ties by id. */
async function storyOracle(db: TestDatabase, limit?: number, offset?: number): Promise<string[]> {
  const q = (n: string) => db.q(n);
  let sql =
    `SELECT s.title AS title FROM ${q('story')} s WHERE s.id IN (` +
    `SELECT ms.${q('storyId')} FROM ${q('medium_stories')} ms JOIN ${q('medium')} m ON m.id = ms.${q('mediumId')} ` +
    `WHERE m.name = 'Django Blog' ` +
    `UNION SELECT s2.id FROM ${q('story')} s2 JOIN ${q('app_user')} u ON u.id = s2.${q('authorId')} ` +
    `JOIN ${q('category')} c ON c.id = s2.${q('categoryId')} WHERE u.username = 'vitor' AND c.name = 'django'` +
    `) ORDER BY s.${q('date')} DESC, s.id DESC`;
  if (limit !== undefined) sql += ` LIMIT ${limit}`;
  if (offset !== undefined) sql += ` OFFSET ${offset}`;
  return (await db.query(sql)).map((r) => r.title);
}

const titles = (stories: Story[]) => stories.map((s) => s.title);

describeEachDialect("combining: the Django article's stories (medium | user)", (db) => {
  const q = (n: string) => db.q(n);
  /** `medium.stories.all()`, joined through the many-to-many table; parameter `:name`. */
  const djangoStories = (): SelectQueryBuilder<Story> =>
    db.dataSource
      .getRepository(Story)
      .createQueryBuilder('s')
      .innerJoin('medium_stories', 'ms', `ms.${q('storyId')} = s.id`)
      .innerJoin(Medium, 'm', `m.id = ms.${q('mediumId')}`)
      .where('m.name = :name', { name: 'Django Blog' });
  /** `user.stories.filter(category__name='django')`; its parameter is also called `:name`. */
  const vitorStories = (): SelectQueryBuilder<Story> =>
    db.dataSource
      .getRepository(Story)
      .createQueryBuilder('s')
      .innerJoin('s.author', 'u')
      .innerJoin('s.category', 'c')
      .where('u.username = :name', { name: 'vitor' })
      .andWhere('c.name = :category', { category: 'django' });
  const stories = () => SequenceQueryBuilder.from(djangoStories()).or(vitorStories());

  beforeAll(() => seedStories(db));

  it('each side alone returns what its SQL says (the fixture is what the scenario needs)', async () => {
    expect(titles(await djangoStories().orderBy('s.id').getMany())).toEqual([
      's1',
      's2',
      's3',
      's7',
      's8',
      's11',
      's12',
      's15',
      's17',
    ]);
    expect(titles(await vitorStories().orderBy('s.id').getMany())).toEqual([
      's1',
      's4',
      's8',
      's10',
      's12',
      's14',
      's16',
      's18',
    ]);
  });

  it("stories.distinct().orderBy('date', 'DESC').take(10) equals the hand-written UNION ... LIMIT 10", async () => {
    const expected = await storyOracle(db, 10);
    const recent = await stories().distinct().orderBy('date', 'DESC').take(10).getMany();
    expect(titles(recent)).toEqual(expected);
    expect(expected).toHaveLength(10);
    // The tie on 2023-01-12 straddles the limit: id DESC decides which of them make the page.
    expect(expected.slice(7)).toEqual(['s18', 's17', 's4']);
  });

  it('a story in both sets comes once, and getCount() counts the union', async () => {
    const expected = await storyOracle(db);
    const all = await stories().orderBy('date', 'DESC').getMany();
    expect(titles(all)).toEqual(expected);
    expect(new Set(titles(all)).size).toBe(all.length);
    expect(titles(all).filter((t) => ['s1', 's8', 's12'].includes(t))).toHaveLength(3);
    expect(await stories().distinct().getCount()).toBe(14);
  });

  it('the second page holds the rest, and both pages together are the whole order', async () => {
    const seq = stories().distinct().orderBy('date', 'DESC');
    const second = await seq.skip(10).take(10).getMany();
    expect(titles(second)).toEqual(await storyOracle(db, 10, 10));
    const first = await seq.take(10).getMany();
    expect([...titles(first), ...titles(second)]).toEqual(await storyOracle(db));
  });

  it('merged, the stories keep one builder: every story has # 0', async () => {
    const all = await stories().distinct().getMany();
    expect(all).toHaveLength(14);
    expect(all.every((s) => s instanceof Story && sequenceIndexOf(s) === 0)).toBe(true);
  });

  it('or() in the other direction gives the same page', async () => {
    const reversed = SequenceQueryBuilder.from(vitorStories()).or(djangoStories());
    const page = await reversed.distinct().orderBy('date', 'DESC').take(10).getMany();
    expect(titles(page)).toEqual(await storyOracle(db, 10));
  });

  it('unionBuilders() gives the same through a plain TypeORM SelectQueryBuilder', async () => {
    const union = unionBuilders(djangoStories(), vitorStories());
    const page = await union
      .distinct(true)
      .orderBy('s.date', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .take(10)
      .getMany();
    expect(titles(page)).toEqual(await storyOracle(db, 10));
    expect(await union.getCount()).toBe(14);
  });

  it('further filters on the combined stories apply to both sides', async () => {
    const seq = stories().where('s.date >= :since', { since: '2023-01-15' }).orderBy('date', 'DESC');
    const expected = (await storyOracle(db)).slice(0, 6);
    expect(titles(await seq.getMany())).toEqual(expected);
    expect(expected).toEqual(['s15', 's14', 's12', 's11', 's10', 's8']);
  });

  it('the builders given to or() and unionBuilders() are left as they were', async () => {
    const medium = djangoStories();
    const user = vitorStories();
    const sqlBefore = [medium.getSql(), user.getSql()];
    await SequenceQueryBuilder.from(medium).or(user).distinct().take(3).getMany();
    await unionBuilders(medium, user).getMany();
    expect([medium.getSql(), user.getSql()]).toEqual(sqlBefore);
    expect(await medium.getCount()).toBe(9);
    expect(await user.getCount()).toBe(8);
  });
});
