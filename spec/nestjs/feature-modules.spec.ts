import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { InjectSequence, SequenceModule, SequenceRepository } from '../../src/nestjs';
import { NestDatabase, typeOrmOptions } from './support/nest-database';

@Injectable()
class BooksAndArticles {
  constructor(@InjectSequence('shelf') readonly shelf: SequenceRepository<Book | Article>) {}
}

@Injectable()
class ArticlesAndPosts {
  constructor(@InjectSequence('shelf') readonly shelf: SequenceRepository<Article | BlogPost>) {}
}

@Module({
  imports: [SequenceModule.forFeature([{ name: 'shelf', entities: [Book, Article] }])],
  providers: [BooksAndArticles],
})
class BooksModule {}

@Module({
  imports: [SequenceModule.forFeature([{ name: 'shelf', entities: [Article, BlogPost] }])],
  providers: [ArticlesAndPosts],
})
class PostsModule {}

@Injectable()
class AliasedUser {
  constructor(@InjectSequence('aliased') readonly aliased: SequenceRepository<Book | Article>) {}
}

@Module({
  imports: [SequenceModule.forFeature([{ name: 'aliased', entities: [Book, Article], alias: 'a' }])],
  providers: [AliasedUser],
  exports: [AliasedUser],
})
class AliasA {}

@Module({
  imports: [SequenceModule.forFeature([{ name: 'aliased', entities: [Book, Article], alias: 'b' }])],
  providers: [AliasedUser],
  exports: [AliasedUser],
})
class AliasB {}

@Injectable()
class PublicationsUser {
  constructor(@InjectSequence('publications') readonly publications: SequenceRepository) {}
}

@Module({
  imports: [SequenceModule.forFeature(['publications'])],
  providers: [PublicationsUser],
})
class FirstUser {}

@Module({
  imports: [SequenceModule.forFeature(['publications'])],
  providers: [PublicationsUser],
})
class SecondUser {}

/** Feature modules, as an application splits itself: each gets the sequence its own forFeature() declared. */
describe.each(['reference', 'deep-hash'] as const)(
  'SequenceModule.forFeature in several feature modules (module ids: %s)',
  (moduleIdGeneratorAlgorithm) => {
    const db = new NestDatabase('sqlite');
    let module: TestingModule;

    beforeAll(async () => {
      module = await Test.createTestingModule(
        {
          imports: [
            TypeOrmModule.forRoot(typeOrmOptions('sqlite', db)),
            BooksModule,
            PostsModule,
            AliasA,
            AliasB,
            FirstUser,
            SecondUser,
          ],
        },
        { moduleIdGeneratorAlgorithm },
      ).compile();
    });
    afterAll(() => module?.close());

    it('one name declared with different entities in two modules: each module gets its own', async () => {
      const books = module.get(BooksAndArticles).shelf;
      const posts = module.get(ArticlesAndPosts).shelf;
      expect(books).not.toBe(posts);
      expect(books.target).toEqual([Book, Article]);
      expect(posts.target).toEqual([Article, BlogPost]);
      const [bookSql, postSql] = [books, posts].map((repo) =>
        repo
          .createQueryBuilder()
          .getQueries()
          .map((q) => q.sql)
          .join('\n'),
      );
      expect(bookSql).toMatch(/"book"/);
      expect(bookSql).not.toMatch(/"blog_post"/);
      expect(postSql).toMatch(/"blog_post"/);
      expect(postSql).not.toMatch(/"book"/);
    });

    it('declarations that differ only in their alias stay apart', async () => {
      const a = module.select(AliasA).get(AliasedUser, { strict: true }).aliased;
      const b = module.select(AliasB).get(AliasedUser, { strict: true }).aliased;
      expect([a.alias, b.alias]).toEqual(['a', 'b']);
      expect(await a.createQueryBuilder().where('a.pages > 0').getCount()).toBe(0);
      expect(await b.createQueryBuilder().where('b.pages > 0').getCount()).toBe(0);
    });

    it('the same declaration in two modules works in both', async () => {
      const first = module.select(FirstUser).get(PublicationsUser, { strict: true }).publications;
      const second = module.select(SecondUser).get(PublicationsUser, { strict: true }).publications;
      expect([first.target, second.target]).toEqual(['publications', 'publications']);
      expect(await first.count()).toBe(0);
      expect(await second.exists()).toBe(false);
    });
  },
);
