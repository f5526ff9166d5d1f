import { In, IsNull, MoreThan, Not } from 'typeorm';
import { Photo, Sketch, Video, type User } from '../../entities';
import { sequenceOf, UnknownFieldError } from '../../src';
import { SequenceRepository } from '../../src/nestjs';
import {
  gallery,
  galleryLabels,
  galleryOracle,
  labels,
  seedGallery,
  type GalleryItem,
} from '../support/gallery';
import { describeEachDialect } from '../support/test-database';
import { walk } from '../pagination/walk';

const CLASSES = { Photo, Sketch, Video } as const;

/**
 * A foreign-key column declared as its own property next to its relation (`@Column() ownerId` with
 * `@ManyToOne() owner`, joined by name, by TypeORM's default name, or as `owner_id`) is a field like any
 * column. Every expectation comes from a hand-written UNION ALL on the same database or from TypeORM itself.
 */
describeEachDialect('foreign-key columns as fields', (db) => {
  let users: User[];
  beforeAll(async () => {
    users = await seedGallery(db);
  });
  const [ann, ben, cid] = [0, 1, 2].map((i) => () => users[i].id);
  const byTitle = 'title ASC, idx ASC, id ASC';

  /** Runs `seq` by title and checks its rows and count against the oracle with `where`. */
  const expectRows = async (seq: ReturnType<typeof gallery>, where: string) => {
    const expected = galleryLabels(await galleryOracle(db, { where, orderBy: byTitle }));
    expect(labels(await seq.orderBy('title').getMany())).toEqual(expected);
    expect(await seq.getCount()).toBe(expected.length);
    return expected;
  };

  describe('filters', () => {
    it('where({ ownerId }) on all three spellings', async () => {
      const rows = await expectRows(gallery(db).where({ ownerId: ann() }), `u.own = ${ann()}`);
      expect(rows.map((r) => r.split(':')[0]).sort()).toEqual(['Photo', 'Photo', 'Video']);
      await expectRows(gallery(db).where({ ownerId: ben() }), `u.own = ${ben()}`);
    });

    it('FindOperators: In, MoreThan, IsNull, Not', async () => {
      await expectRows(gallery(db).where({ ownerId: In([ann(), cid()]) }), `u.own IN (${ann()}, ${cid()})`);
      await expectRows(gallery(db).where({ ownerId: MoreThan(ann()) }), `u.own > ${ann()}`);
      const nulls = await expectRows(gallery(db).where({ ownerId: IsNull() }), 'u.own IS NULL');
      expect(nulls).toHaveLength(3);
      await expectRows(gallery(db).where({ ownerId: Not(IsNull()) }), 'u.own IS NOT NULL');
    });

    it('an OR array, andWhere and orWhere mixing the column with others', async () => {
      await expectRows(
        gallery(db).where([{ ownerId: cid() }, { title: 'fog' }]),
        `u.own = ${cid()} OR u.title = 'fog'`,
      );
      await expectRows(
        gallery(db).where({ title: 'sunset' }).andWhere({ ownerId: ann() }),
        `u.title = 'sunset' AND u.own = ${ann()}`,
      );
      await expectRows(
        gallery(db).where({ ownerId: ben() }).orWhere({ ownerId: IsNull() }),
        `u.own = ${ben()} OR u.own IS NULL`,
      );
    });

    it('exclude({ ownerId }) keeps the rows with no owner', async () => {
      const rows = await expectRows(
        gallery(db).exclude({ ownerId: ann() }),
        `u.own <> ${ann()} OR u.own IS NULL`,
      );
      expect(rows).toHaveLength(8);
      await expectRows(
        gallery(db).exclude({ ownerId: In([ben(), cid()]) }),
        `u.own NOT IN (${ben()}, ${cid()}) OR u.own IS NULL`,
      );
    });

    it('the relation keeps working next to it: { owner: { id } } and { owner: { username } }', async () => {
      await expectRows(gallery(db).where({ owner: { id: ben() } }), `u.own = ${ben()}`);
      await expectRows(gallery(db).where({ owner: { username: 'gal-cid' } }), `u.username = 'gal-cid'`);
      await expectRows(
        gallery(db).where({ owner: { username: 'gal-ann' }, ownerId: ann() }),
        `u.username = 'gal-ann' AND u.own = ${ann()}`,
      );
    });
  });

  describe('ordering, heads, pages, streams', () => {
    const orders = [
      ['ASC', 'own ASC, idx ASC, id ASC'],
      ['DESC', 'own DESC, idx DESC, id DESC'],
    ] as const;

    it.each(orders)(
      "orderBy('ownerId', %s) gives the database's order, NULLs where it puts them",
      async (dir, sql) => {
        const expected = galleryLabels(await galleryOracle(db, { orderBy: sql }));
        expect(labels(await gallery(db).orderBy('ownerId', dir).getMany())).toEqual(expected);
        expect(labels(await gallery(db).orderBy('ownerId', dir).skip(3).take(4).getMany())).toEqual(
          expected.slice(3, 7),
        );
        expect(labels(await gallery(db).orderBy('ownerId', dir).reverse().getMany())).toEqual(
          [...expected].reverse(),
        );
      },
    );

    it('ordered by ownerId, then title', async () => {
      const expected = galleryLabels(
        await galleryOracle(db, { orderBy: 'own DESC, title ASC, idx ASC, id ASC' }),
      );
      const got = await gallery(db).orderBy('ownerId', 'DESC').addOrderBy('title').getMany();
      expect(labels(got)).toEqual(expected);
    });

    it.each(orders)('getFirst() / getLast() ordered by ownerId %s', async (dir, sql) => {
      const expected = galleryLabels(await galleryOracle(db, { orderBy: sql }));
      const seq = gallery(db).orderBy('ownerId', dir);
      expect(labels([(await seq.getFirst())!])).toEqual([expected[0]]);
      expect(labels([(await seq.getLast())!])).toEqual([expected[expected.length - 1]]);
    });

    it("getLatest('ownerId') / getEarliest('ownerId'): the highest / lowest owner, NULLs never chosen", async () => {
      const [latest] = await galleryOracle(db, {
        where: 'u.own IS NOT NULL',
        orderBy: 'own DESC, idx DESC, id DESC',
        limit: 1,
      });
      const [earliest] = await galleryOracle(db, {
        where: 'u.own IS NOT NULL',
        orderBy: 'own ASC, idx ASC, id ASC',
        limit: 1,
      });
      expect(labels([await gallery(db).getLatest('ownerId')])).toEqual(galleryLabels([latest]));
      expect(labels([await gallery(db).getEarliest('ownerId')])).toEqual(galleryLabels([earliest]));
    });

    it.each(orders)(
      'paginate() walks every row ordered by ownerId %s, forwards and backwards',
      async (dir, sql) => {
        const expected = galleryLabels(await galleryOracle(db, { orderBy: sql }));
        const seq = gallery(db).orderBy('ownerId', dir);
        expect(labels((await walk(seq, 'forward', 3)).items)).toEqual(expected);
        expect(labels((await walk(seq, 'backward', 2)).items)).toEqual(expected);
      },
    );

    it.each(orders)(
      'stream() ordered by ownerId %s yields the same rows in batches of 1 and 2',
      async (dir, sql) => {
        const expected = galleryLabels(await galleryOracle(db, { orderBy: sql }));
        for (const batchSize of [1, 2]) {
          const got: GalleryItem[] = [];
          for await (const item of gallery(db).orderBy('ownerId', dir).stream({ batchSize })) got.push(item);
          expect(labels(got)).toEqual(expected);
        }
      },
    );

    it("orderBy('owner.username') and orderBy('owner') still order by the relation", async () => {
      const byName = galleryLabels(await galleryOracle(db, { orderBy: 'username ASC, idx ASC, id ASC' }));
      expect(labels(await gallery(db).orderBy('owner.username').getMany())).toEqual(byName);
      // User has no default order: a relation orders by its primary key, the foreign key's value.
      const byOwner = galleryLabels(await galleryOracle(db, { orderBy: 'own DESC, idx DESC, id DESC' }));
      expect(labels(await gallery(db).orderBy('owner', 'DESC').getMany())).toEqual(byOwner);
    });
  });

  describe('values, select and hydration', () => {
    it("getValues('#', 'ownerId', 'owner.username'), getTuples and pluck read the column", async () => {
      const rows = await galleryOracle(db, { orderBy: 'own ASC, idx ASC, id ASC' });
      const seq = gallery(db).orderBy('ownerId');
      expect(await seq.getValues('#', 'ownerId', 'owner.username')).toEqual(
        rows.map((r) => ({ '#': r.idx, ownerId: r.own, 'owner.username': r.username })),
      );
      expect(await seq.getTuples('ownerId', 'title')).toEqual(rows.map((r) => [r.own, r.title]));
      expect(await seq.pluck('ownerId')).toEqual(rows.map((r) => r.own));
    });

    it('getValues() with no paths includes ownerId, as TypeORM reads it', async () => {
      const rows = await gallery(db).orderBy('title').getValues();
      const expected = await galleryOracle(db, { orderBy: byTitle });
      expect(rows.map((r) => r.ownerId)).toEqual(expected.map((r) => r.own));
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual(['#', 'id', 'ownerId', 'taken', 'title']);
      }
    });

    it("select(['ownerId']): partial entities as TypeORM's own select gives them", async () => {
      const rows = await gallery(db).select(['ownerId']).orderBy('title').getMany();
      expect(labels(rows)).toEqual(galleryLabels(await galleryOracle(db, { orderBy: byTitle })));
      for (const entity of rows) {
        const own = await db.dataSource
          .getRepository(entity.constructor)
          .createQueryBuilder('item')
          .select(['item.id', 'item.ownerId'])
          .where('item.id = :id', { id: entity.id })
          .getOneOrFail();
        expect(JSON.stringify(entity)).toBe(JSON.stringify(own));
        expect(entity.ownerId).toBe((own as GalleryItem).ownerId);
      }
    });

    it('getMany() fills ownerId (and the @RelationId) as TypeORM fills them, with or without the owner joined', async () => {
      for (const joined of [false, true]) {
        const seq = joined ? gallery(db).leftJoinAndSelect('owner') : gallery(db);
        const rows = await seq.orderBy('title').getMany();
        expect(rows).toHaveLength(11);
        for (const entity of rows) {
          const own = await db.dataSource.getRepository(entity.constructor).findOneOrFail({
            where: { id: entity.id },
            relations: joined ? { owner: true } : {},
          });
          expect(JSON.stringify(entity)).toBe(JSON.stringify(own));
        }
        const sketches = rows.filter((e): e is Sketch => e instanceof Sketch);
        expect(sketches.map((s) => s.ownerRef)).toEqual(sketches.map((s) => s.ownerId));
        expect(rows.filter((e) => e.ownerId !== null)).toHaveLength(8);
      }
    });
  });

  describe('errors and find options', () => {
    it('an unknown field lists ownerId and owner among the common fields', () => {
      let error: unknown;
      try {
        gallery(db).orderBy('nope' as any);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UnknownFieldError);
      expect((error as UnknownFieldError).commonFields).toEqual(['id', 'owner', 'ownerId', 'taken', 'title']);
      expect((error as Error).message).toContain('ownerId');
    });

    it('the join columns TypeORM makes for a relation (no property of their own) are still not fields', async () => {
      // Story's relations have no foreign-key property: 'authorId' names nothing on it.
      const { Story } = await import('../../entities');
      const story = () => sequenceOf(db.dataSource, [Story]);
      expect(() => story().orderBy('authorId' as any)).toThrow(UnknownFieldError);
      expect(() => story().where({ authorId: 1 } as any)).toThrow(UnknownFieldError);
      expect(() => story().select(['authorId'] as any)).toThrow(UnknownFieldError);
      let error: unknown;
      try {
        story().orderBy('nope' as any);
      } catch (e) {
        error = e;
      }
      expect((error as UnknownFieldError).commonFields).toEqual([
        'author',
        'category',
        'content',
        'date',
        'id',
        'title',
      ]);
    });

    it('SequenceRepository: where, order and select on ownerId', async () => {
      const repo = new SequenceRepository<GalleryItem>(db.dataSource, 'gallery', [Photo, Sketch, Video]);
      const expected = await galleryOracle(db, {
        where: `u.own IN (${ann()}, ${ben()})`,
        orderBy: 'own DESC, idx DESC, id DESC',
      });
      const found = await repo.find({
        where: { ownerId: In([ann(), ben()]) },
        order: { ownerId: 'DESC' },
        select: ['ownerId'],
      });
      expect(labels(found)).toEqual(galleryLabels(expected));
      expect(found.map((e) => e.ownerId)).toEqual(expected.map((r) => r.own));
      expect(await repo.count({ where: { ownerId: IsNull() } })).toBe(3);
      const one = await repo.findOne({ where: { ownerId: cid() }, order: { ownerId: 'ASC', title: 'ASC' } });
      expect(labels([one!])).toEqual(
        galleryLabels(await galleryOracle(db, { where: `u.own = ${cid()}`, orderBy: byTitle, limit: 1 })),
      );
    });
  });

  it('the entity classes are the ones the sequence returns', async () => {
    const rows = await gallery(db).getMany();
    expect(new Set(rows.map((r) => r.constructor))).toEqual(new Set(Object.values(CLASSES)));
  });
});
