import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken, InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Article, BlogPost, Book } from '../../entities';
import { getSequenceToken, InjectSequence, SequenceModule, SequenceRepository } from '../../src/nestjs';
import { availableDialects } from '../support/dialects';
import { oracle } from '../support/oracle';
import { seed } from '../support/seed';
import { TestDatabase } from '../support/test-database';
import { NestDatabase, typeOrmOptions } from './support/nest-database';
import { labels, tail } from '../support/order-terms';

type Publication = Book | Article | BlogPost;

@Injectable()
class TwoDatabases {
  constructor(
    @InjectSequence('publications') readonly local: SequenceRepository<Publication>,
    @InjectSequence('publications', 'second') readonly remote: SequenceRepository<Publication>,
    @InjectSequence('feed', 'second') readonly remoteFeed: SequenceRepository<Article | BlogPost>,
    @InjectDataSource('second') readonly second: DataSource,
  ) {}
}

/**
 * The default DataSource is a small embedded SQLite database; the DataSource named 'second' is the
 * dialect's database with the shared fixture. Each injected repository must query its own.
 */
for (const dialect of availableDialects()) {
  describe(`named DataSources: @InjectSequence(name, 'second') [${dialect}]`, () => {
    const db = new NestDatabase(dialect);
    const local = new TestDatabase('sqlite');
    let module: TestingModule;
    const service = () => module.get(TwoDatabases);

    beforeAll(async () => {
      module = await Test.createTestingModule({
        imports: [
          TypeOrmModule.forRoot(typeOrmOptions('sqlite', local)),
          TypeOrmModule.forRoot({ ...typeOrmOptions(dialect, db), name: 'second' }),
          SequenceModule.forFeature(['publications']),
          SequenceModule.forFeature(
            ['publications', { name: 'feed', entities: [Article, BlogPost] }],
            'second',
          ),
        ],
        providers: [TwoDatabases],
      }).compile();
      db.attach(module.get<DataSource>(getDataSourceToken('second')));
      await seed(db);
      const defaultSource = module.get(DataSource);
      await defaultSource.manager.save(Book, { title: 'only in the default database', pages: 1 });
      await defaultSource.manager.save(BlogPost, { id: 'local', title: 'local post', pages: 2 });
    });
    afterAll(() => module?.close());

    it('each repository queries its own DataSource', async () => {
      expect(service().remote.manager).toBe(service().second);
      expect(service().local.manager).toBe(module.get(DataSource));
      expect(service().local.manager).not.toBe(service().second);
      expect(await service().remote.count()).toBe(16);
      expect(labels(await service().local.find({ order: { '#': 'ASC' } }))).toEqual([
        'Book:1',
        'BlogPost:local',
      ]);
    });

    it("the named DataSource's token is prefixed: getSequenceToken('publications', 'second')", () => {
      expect(module.get(getSequenceToken('publications', 'second'))).toBe(service().remote);
      expect(module.get(getSequenceToken('publications'))).toBe(service().local);
      expect(module.get(getSequenceToken('feed', 'second'))).toBe(service().remoteFeed);
      expect(() => module.get(getSequenceToken('feed'))).toThrow();
    });

    it('find() on the named DataSource matches the hand-written UNION ALL there', async () => {
      const expected = await oracle(db, { orderBy: `title DESC, ${tail('DESC')}`, limit: 7, offset: 3 });
      local.logger.reset();
      const { result, queries } = await db.counted(() =>
        service().remote.find({ order: { title: 'DESC' }, skip: 3, take: 7 }),
      );
      expect(labels(result)).toEqual(expected);
      // The statements ran on the named DataSource, none on the default one.
      expect(queries.length).toBeGreaterThan(0);
      expect(local.logger.queries).toEqual([]);
    });

    it("findAndCount() and findOneOrFail() on the named DataSource's 'feed'", async () => {
      const expected = await oracle(db, {
        tables: [1, 2],
        where: 't.pages < 5',
        orderBy: `pages ASC, ${tail('ASC')}`,
      });
      const [items, total] = await service().remoteFeed.findAndCount({
        where: [{ pages: 1 }, { pages: 2 }, { pages: 3 }, { pages: 4 }],
        order: { pages: 'ASC' },
      });
      expect(labels(items)).toEqual(expected);
      expect(total).toBe(expected.length);
      const post = await service().remoteFeed.findOneOrFail({ where: { title: 'CAPS LOCK' } });
      expect(labels([post])).toEqual(['BlogPost:CAPS']);
      // The default database has its own BlogPost 'local', which the named DataSource does not.
      expect(await service().remoteFeed.exists({ where: { title: 'local post' } })).toBe(false);
      expect(await service().local.exists({ where: { title: 'local post' } })).toBe(true);
    });
  });
}
