import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { Article, Author, BlogPost, Book, Publisher, Tag } from '../../entities';
import {
  InvalidArgumentError,
  SequenceQueryBuilder,
  sequenceIndexOf,
  UnsupportedOperationError,
} from '../../src';
import { getSequenceToken, InjectSequence, SequenceModule, SequenceRepository } from '../../src/nestjs';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { describeEachDialectInNest, NestDatabase, typeOrmOptions } from './support/nest-database';
import { labels, tail } from '../support/order-terms';
import { PublicationsService } from './support/publications-service';

@Injectable()
class FeedService {
  // Property injection works as well as constructor injection.
  @InjectSequence('postsFirst') readonly postsFirst!: SequenceRepository<BlogPost | Article>;

  constructor(
    @InjectSequence('feed') readonly feed: SequenceRepository<Article | BlogPost>,
    @InjectSequence('aliased') readonly aliased: SequenceRepository<Book | Article>,
  ) {}
}

const FEATURES = SequenceModule.forFeature([
  'publications',
  { name: 'feed', entities: [Article, BlogPost] },
  { name: 'postsFirst', entities: [BlogPost, Article] },
  { name: 'aliased', entities: [Book, Article], alias: 'p' },
]);

describeEachDialectInNest(
  'SequenceModule.forFeature / @InjectSequence',
  {
    metadata: () => ({ imports: [FEATURES], providers: [PublicationsService, FeedService] }),
    prepare: ({ db }) => seed(db),
  },
  (ctx) => {
    const feedService = () => ctx.module.get(FeedService);

    it('getSequenceToken() gives the token the repository is provided under', () => {
      const injected = ctx.module.get(PublicationsService).publications;
      expect(injected).toBeInstanceOf(SequenceRepository);
      expect(ctx.module.get(getSequenceToken('publications'))).toBe(injected);
      expect(ctx.module.get(getSequenceToken('publications', 'default'))).toBe(injected);
      expect(injected.manager).toBe(ctx.module.get(DataSource));
    });

    it("{ name: 'feed', entities: [Article, BlogPost] }: '#' follows the list", async () => {
      const expected = await oracle(ctx.db, { tables: [1, 2], orderBy: `title ASC, ${tail('ASC')}` });
      const got = await feedService().feed.find({ order: { title: 'ASC' } });
      expect(labels(got)).toEqual(expected);
      expect(got).toHaveLength(10);
      expect(got.map((item) => [item.constructor.name, sequenceIndexOf(item)])).toEqual(
        got.map((item) => [item.constructor.name, item instanceof Article ? 0 : 1]),
      );
      expect(await feedService().feed.count({ where: { '#': 1 } })).toBe(5);
    });

    it("{ name: 'postsFirst', entities: [BlogPost, Article] } puts BlogPost at #0", async () => {
      const got = await feedService().postsFirst.find({ order: { '#': 'ASC' }, take: 6 });
      const expected = await oracle(ctx.db, {
        tables: [2, 1],
        orderBy: `idx DESC, ipk ASC, spk ASC`,
        limit: 6,
      });
      expect(labels(got)).toEqual(expected);
      expect(
        labels(got)
          .slice(0, 5)
          .every((l) => l.startsWith('BlogPost:')),
      ).toBe(true);
    });

    it('createQueryBuilder() gives a fresh SequenceQueryBuilder aliased as declared', async () => {
      const repo = ctx.module.get(PublicationsService).publications;
      const a = repo.createQueryBuilder();
      expect(a).toBeInstanceOf(SequenceQueryBuilder);
      expect(repo.createQueryBuilder()).not.toBe(a);
      const expected = await oracle(ctx.db, { where: 't.pages > 100', orderBy: `pages ASC, ${tail('ASC')}` });
      expect(labels(await a.where('item.pages > :n', { n: 100 }).orderBy('pages').getMany())).toEqual(
        expected,
      );
      // The where above stayed on that builder: the repository's next builder starts clean.
      expect(await repo.createQueryBuilder().getCount()).toBe(16);

      const aliased = feedService()
        .aliased.createQueryBuilder()
        .where('p.pages > :n', { n: 100 })
        .orderBy('pages');
      const twoTables = await oracle(ctx.db, {
        where: 't.pages > 100',
        tables: [0, 1],
        orderBy: `pages ASC, ${tail('ASC')}`,
      });
      expect(labels(await aliased.getMany())).toEqual(twoTables);
      expect(labels(await repo.createQueryBuilder('x').where('x.pages > 100').getMany()).sort()).toEqual(
        [...expected].sort(),
      );
    });

    it('withManager(manager) runs inside a transaction and sees its uncommitted writes', async () => {
      const repo = ctx.module.get(PublicationsService).publications;
      const rollback = new Error('roll back');
      let inside: number | undefined;
      await expect(
        ctx.db.dataSource.transaction(async (manager) => {
          await manager.update(Book, { title: 'zebra' }, { pages: 5000 });
          inside = await repo.withManager(manager).count({ where: { pages: MoreThan(1000) } });
          throw rollback;
        }),
      ).rejects.toBe(rollback);
      expect(inside).toBe(1);
      expect(await repo.count({ where: { pages: MoreThan(1000) } })).toBe(0);
    });
  },
);

describeEachDialectInNest(
  'SequenceModule.forFeature registers its entities for autoLoadEntities',
  {
    root: { entities: [], autoLoadEntities: true },
    metadata: () => ({
      imports: [
        TypeOrmModule.forFeature([Publisher, Author, Tag]),
        SequenceModule.forFeature(['publications']),
      ],
      providers: [PublicationsService],
    }),
    prepare: ({ db }) => seed(db),
  },
  (ctx) => {
    it('Book, Article and BlogPost are entities of the DataSource without being listed', async () => {
      const names = ctx.db.dataSource.entityMetadatas.map((m) => m.name).sort();
      expect(names).toEqual(expect.arrayContaining(['Article', 'BlogPost', 'Book']));
      expect(names).not.toContain('Story');
      const expected = await oracle(ctx.db, { orderBy: `title DESC, ${tail('DESC')}`, limit: 5 });
      const got = await ctx.module
        .get(PublicationsService)
        .publications.find({ order: { title: 'DESC' }, take: 5 });
      expect(labels(got)).toEqual(expected);
    });
  },
);

describe('SequenceModule.forFeature refuses mistakes', () => {
  it('a name no entity is registered under: UnsupportedOperationError at declaration', () => {
    expect(() => SequenceModule.forFeature(['nope'])).toThrow(UnsupportedOperationError);
    expect(() => SequenceModule.forFeature(['nope'])).toThrow(/'nope'.*@Sequenced/);
  });

  it('empty entity lists, empty names, duplicates and non-arrays: InvalidArgumentError', () => {
    expect(() => SequenceModule.forFeature([{ name: 'x', entities: [] }])).toThrow(/'x' needs a non-empty/);
    expect(() => SequenceModule.forFeature([{ name: 'x', entities: [] }])).toThrow(InvalidArgumentError);
    expect(() => SequenceModule.forFeature([''])).toThrow(InvalidArgumentError);
    expect(() => SequenceModule.forFeature([{ name: '', entities: [Book] }])).toThrow(InvalidArgumentError);
    expect(() => SequenceModule.forFeature(['publications', 'publications'])).toThrow(/given twice/);
    expect(() => SequenceModule.forFeature(['publications', 'publications'])).toThrow(InvalidArgumentError);
    expect(() => SequenceModule.forFeature('publications' as any)).toThrow(/array/);
    expect(() => SequenceModule.forFeature('publications' as any)).toThrow(InvalidArgumentError);
  });

  it('getSequenceToken() follows getRepositoryToken(): plain for the default DataSource, prefixed otherwise', () => {
    expect(getSequenceToken('publications')).toBe('publicationsSequenceRepository');
    expect(getSequenceToken('publications', 'default')).toBe('publicationsSequenceRepository');
    expect(getSequenceToken('publications', 'second')).toBe('second_publicationsSequenceRepository');
    expect(() => getSequenceToken('')).toThrow(InvalidArgumentError);
  });

  it('an entity missing from the DataSource fails the application at startup, naming it', async () => {
    const db = new NestDatabase('sqlite');
    const compiling = Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot(
          typeOrmOptions('sqlite', db, { entities: [Publisher, Author, Tag, Book, Article] }),
        ),
        SequenceModule.forFeature([{ name: 'withPosts', entities: [Book, BlogPost] }]),
      ],
    }).compile();
    await expect(compiling).rejects.toThrow(UnsupportedOperationError);
    await expect(compiling).rejects.toThrow(/BlogPost is not an entity of this DataSource/);
  });
});
