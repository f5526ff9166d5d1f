import { MoreThan, MoreThanOrEqual } from 'typeorm';
import { SequenceModule } from '../../src/nestjs';
import { oracle } from '../support/oracle';
import { label, seed, type Seeded } from '../support/seed';
import { describeEachDialectInNest } from './support/nest-database';
import { labels, tail } from '../support/order-terms';
import { PublicationsService } from './support/publications-service';

let seeded: Seeded;

/** What the fixture says about each publication, from the rows seed() saved. */
function fixture(): Map<string, { author?: string; publisher?: string; tags: string[] }> {
  const all = [
    ...seeded.books.map((e) => ['Book', e] as const),
    ...seeded.articles.map((e) => ['Article', e] as const),
    ...seeded.posts.map((e) => ['BlogPost', e] as const),
  ];
  return new Map(
    all.map(([entity, e]) => [
      `${entity}:${e.id}`,
      {
        author: e.author?.name,
        publisher: e.author?.publisher?.name,
        tags: e.tags.map((t) => t.name).sort(),
      },
    ]),
  );
}

describeEachDialectInNest(
  'SequenceRepository relations and select',
  {
    metadata: () => ({
      imports: [SequenceModule.forFeature(['publications'])],
      providers: [PublicationsService],
    }),
    prepare: async ({ db }) => {
      seeded = await seed(db);
    },
  },
  (ctx) => {
    const repo = () => ctx.module.get(PublicationsService).publications;

    it("relations: ['author.publisher'] loads the author and the author's publisher", async () => {
      const expected = await oracle(ctx.db, { orderBy: `title ASC, ${tail('ASC')}` });
      const got = await repo().find({ relations: ['author.publisher'], order: { title: 'ASC' } });
      expect(labels(got)).toEqual(expected);
      const facts = fixture();
      for (const item of got) {
        const fact = facts.get(label(item))!;
        expect([label(item), item.author?.name, item.author?.publisher?.name]).toEqual([
          label(item),
          fact.author,
          fact.publisher,
        ]);
        if (item.author) expect(item.author.publisher).toBeDefined();
      }
      // Not asked for, not loaded.
      expect(got.every((item) => item.tags === undefined)).toBe(true);
    });

    it('relations: { author: true, tags: true } loads a to-one and a to-many relation', async () => {
      const expected = await oracle(ctx.db, { where: 't.pages > 4', orderBy: `pages DESC, ${tail('DESC')}` });
      const got = await repo().find({
        where: { pages: MoreThan(4) },
        relations: { author: true, tags: true },
        order: { pages: 'DESC' },
      });
      expect(labels(got)).toEqual(expected);
      const facts = fixture();
      for (const item of got) {
        const fact = facts.get(label(item))!;
        expect([label(item), item.author?.name, item.tags.map((t) => t.name).sort()]).toEqual([
          label(item),
          fact.author,
          fact.tags,
        ]);
      }
    });

    it('relations with take: whole entities are paged, not joined rows', async () => {
      const expected = await oracle(ctx.db, { orderBy: `title DESC, ${tail('DESC')}`, limit: 4 });
      const got = await repo().find({ relations: ['tags'], order: { title: 'DESC' }, take: 4 });
      expect(labels(got)).toEqual(expected);
      const facts = fixture();
      expect(got.map((item) => item.tags.map((t) => t.name).sort())).toEqual(
        expected.map((l) => facts.get(l)!.tags),
      );
    });

    it('relations and a where on the same relation share one join', async () => {
      const alice = `t.${ctx.db.q('authorId')} IN (SELECT a.id FROM ${ctx.db.q('author')} a WHERE a.name = 'Alice')`;
      const expected = await oracle(ctx.db, { where: alice, orderBy: `title ASC, ${tail('ASC')}` });
      const got = await repo().find({
        where: { author: { name: 'Alice' } },
        relations: ['author'],
        order: { title: 'ASC' },
      });
      expect(labels(got)).toEqual(expected);
      expect(got.map((item) => item.author?.name)).toEqual(expected.map(() => 'Alice'));
    });

    it("select: ['title'] gives partial entities: the title and the primary key", async () => {
      const expected = await oracle(ctx.db, { orderBy: `title ASC, ${tail('ASC')}` });
      const got = await repo().find({ select: ['title'], order: { title: 'ASC' } });
      expect(labels(got)).toEqual(expected);
      for (const item of got) {
        expect(Object.keys(item).sort()).toEqual(['id', 'title']);
      }
    });

    it('select: { title: true, author: { name: true } } selects through a relation', async () => {
      const expected = await oracle(ctx.db, {
        where: 't.pages >= 250',
        orderBy: `title ASC, ${tail('ASC')}`,
      });
      const got = await repo().find({
        where: { pages: MoreThanOrEqual(250) },
        select: { title: true, author: { name: true } },
        order: { title: 'ASC' },
      });
      expect(labels(got)).toEqual(expected);
      const facts = fixture();
      for (const item of got) {
        expect(item.pages).toBeUndefined();
        expect(item.author?.name).toBe(facts.get(label(item))!.author);
      }
    });

    it("order by a relation's field: { author: { name: 'DESC' } }", async () => {
      const q = (n: string) => ctx.db.q(n);
      const rows = await ctx.db.query(
        ['book', 'article', 'blog_post']
          .map(
            (table, idx) =>
              `SELECT ${idx} AS idx, ${idx < 2 ? 't.id' : 'NULL'} AS ipk, ${idx < 2 ? 'NULL' : 't.id'} AS spk, ` +
              `a.name AS author_name FROM ${q(table)} t LEFT JOIN ${q('author')} a ON a.id = t.${q('authorId')}`,
          )
          .join(' UNION ALL ')
          .replace(/^/, 'SELECT idx, ipk, spk FROM (')
          .concat(`) u ORDER BY author_name DESC, ${tail('DESC')}`),
      );
      const entities = ['Book', 'Article', 'BlogPost'];
      const expected = rows.map((r) => `${entities[Number(r.idx)]}:${r.ipk ?? r.spk}`);
      const got = await repo().find({ order: { author: { name: 'DESC' } } });
      expect(labels(got)).toEqual(expected);
    });
  },
);
