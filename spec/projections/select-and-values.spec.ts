import { sequenceIndexOf, UnknownFieldError } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { joinedRows, labels, loadedByTypeorm, pubs, tail } from './projection-oracle';

const BY_TITLE = `title ASC, ${tail('ASC')}`;
const BY_PAGES = `pages ASC, ${tail('ASC')}`;

describeEachDialect('projections: select(), getValues(), getTuples(), pluck()', (db) => {
  beforeAll(() => seed(db));

  describe('select()', () => {
    it("select(['title']): partial entities holding only the primary key and title", async () => {
      const rows = await pubs(db).select(['title']).orderBy('title').getMany();
      expect(labels(rows)).toEqual(await oracle(db, { orderBy: BY_TITLE }));
      for (const entity of rows) {
        expect(Object.keys(entity).sort()).toEqual(['id', 'title']);
        const own = await loadedByTypeorm(db, entity, (qb) => qb.select(['item.id', 'item.title']));
        expect(JSON.stringify(entity)).toBe(JSON.stringify(own));
      }
    });

    it("select(['title', 'author.name']): the author with only its id and name", async () => {
      const rows = await pubs(db).select(['title', 'author.name']).orderBy('title').getMany();
      expect(labels(rows)).toEqual(await oracle(db, { orderBy: BY_TITLE }));
      for (const entity of rows) {
        const own = await loadedByTypeorm(db, entity, (qb) =>
          qb.leftJoin('item.author', 'author').select(['item.id', 'item.title', 'author.id', 'author.name']),
        );
        expect(JSON.stringify(entity)).toBe(JSON.stringify(own));
        if (entity.author) expect(Object.keys(entity.author).sort()).toEqual(['id', 'name']);
      }
      expect(rows.filter((e) => e.author)).toHaveLength(13);
    });

    it("select(['title', 'author.publisher.name']): two levels, each with only its primary key and the path", async () => {
      const rows = await pubs(db).select(['title', 'author.publisher.name']).orderBy('title').getMany();
      expect(labels(rows)).toEqual(await oracle(db, { orderBy: BY_TITLE }));
      for (const entity of rows) {
        const own = await loadedByTypeorm(db, entity, (qb) =>
          qb
            .leftJoin('item.author', 'author')
            .leftJoin('author.publisher', 'publisher')
            .select(['item.id', 'item.title', 'author.id', 'publisher.id', 'publisher.name']),
        );
        expect(JSON.stringify(entity)).toBe(JSON.stringify(own));
      }
      expect(rows.filter((e) => e.author?.publisher?.name === 'Penguin')).toHaveLength(7);
    });

    it('ordered by a field it does not select: the order is kept, the field is not added', async () => {
      const rows = await pubs(db).select(['title']).orderBy('pages').skip(2).take(6).getMany();
      expect(labels(rows)).toEqual(await oracle(db, { orderBy: BY_PAGES, limit: 6, offset: 2 }));
      expect(rows.every((e) => !('pages' in e) && !('release' in e))).toBe(true);
    });

    it('an unknown or non-common path is an UnknownFieldError thrown by select() itself, before SQL', () => {
      db.logger.reset();
      expect(() => pubs(db).select(['isbn'] as any)).toThrow(UnknownFieldError);
      expect(() => pubs(db).select(['title', 'author.nope'] as any)).toThrow(/author\.nope/);
      expect(() => pubs(db).select(['tags.name'] as any)).toThrow(UnknownFieldError);
      expect(db.logger.queries).toEqual([]);
    });
  });

  describe('getValues(), getTuples(), pluck()', () => {
    it("getValues('#', 'title', 'author.name'): plain objects keyed by path, in the sequence's order", async () => {
      const expected = (await joinedRows(db, BY_TITLE)).map((r) => ({
        '#': ['Book', 'Article', 'BlogPost'].indexOf(r.label.split(':')[0]),
        title: r.title,
        'author.name': r.authorName,
      }));
      const values = await pubs(db).orderBy('title').getValues('#', 'title', 'author.name');
      expect(values).toEqual(expected);
      expect(values.every((v) => Object.keys(v).join() === '#,title,author.name')).toBe(true);
    });

    it("ordered by a field that is not returned: orderBy('pages').getValues('title') has only 'title'", async () => {
      const expected = (await joinedRows(db, BY_PAGES)).map((r) => ({ title: r.title }));
      const values = await pubs(db).orderBy('pages').getValues('title');
      expect(values).toEqual(expected);
      expect(values.every((v) => Object.keys(v).length === 1)).toBe(true);
    });

    it('getTuples() gives arrays in the order of the paths, honouring filters, skip and take', async () => {
      const all = await joinedRows(db, `pages DESC, ${tail('DESC')}`, 't.pages >= 5');
      const expected = all.slice(1, 6).map((r) => [r.title, r.pages, r.authorName]);
      const tuples = await pubs(db)
        .where('item.pages >= :n', { n: 5 })
        .orderBy('pages', 'DESC')
        .skip(1)
        .take(5)
        .getTuples('title', 'pages', 'author.name');
      expect(tuples).toEqual(expected);
    });

    it('pluck() gives one value per row', async () => {
      const expected = (await joinedRows(db, `author_name DESC, ${tail('DESC')}`)).map((r) => r.title);
      expect(await pubs(db).orderBy('author.name', 'DESC').pluck('title')).toEqual(expected);
      const pages = await pubs(db).orderBy('pages').pluck('pages');
      expect(pages).toEqual((await joinedRows(db, BY_PAGES)).map((r) => r.pages));
      expect(pages.every((p) => typeof p === 'number')).toBe(true);
    });

    it("getValues() with no paths: every column of each entity plus '#', equal to getMany()'s values", async () => {
      const seq = pubs(db).orderBy('release', 'DESC');
      const [values, entities] = [await seq.getValues(), await seq.getMany()];
      expect(values).toHaveLength(16);
      values.forEach((row: Record<string, unknown>, i) => {
        const entity = entities[i];
        expect([label(entity), row['#']]).toEqual([label(entity), sequenceIndexOf(entity)]);
        const { '#': _index, ...columns } = row;
        expect(columns).toEqual({ ...entity });
      });
      expect(Object.keys(values.find((v) => v['#'] === 0)!).sort()).toEqual(
        ['#', 'id', 'isbn', 'pages', 'release', 'title'].sort(),
      );
      expect(Object.keys(values.find((v) => v['#'] === 2)!).sort()).toEqual(
        ['#', 'id', 'likes', 'pages', 'release', 'title'].sort(),
      );
    });

    it('dates, numbers and string keys come as getMany() has them on the entities', async () => {
      const seq = pubs(db).where('item.pages < :n', { n: 200 }).orderBy('title', 'DESC');
      const values = await seq.getValues('id', 'release', 'pages');
      const entities = await seq.getMany();
      expect(values).toEqual(entities.map((e) => ({ id: e.id, release: e.release, pages: e.pages })));
      expect(
        values.some((v) => typeof v.id === 'string') && values.some((v) => typeof v.id === 'number'),
      ).toBe(true);
      expect(values.some((v) => v.release === null)).toBe(true);
    });

    it('getValues() reads everything in one statement', async () => {
      const { result, queries } = await db.counted(() =>
        pubs(db).orderBy('title').getValues('#', 'title', 'author.name'),
      );
      expect(result).toHaveLength(16);
      expect(queries).toHaveLength(1);
    });

    it('an unknown path is an UnknownFieldError before any SQL', async () => {
      db.logger.reset();
      await expect(pubs(db).getValues('isbn' as any)).rejects.toThrow(UnknownFieldError);
      await expect(pubs(db).getTuples('title', 'likes' as any)).rejects.toThrow(/likes/);
      await expect(pubs(db).pluck('author.nope' as any)).rejects.toThrow(/author\.nope/);
      await expect(pubs(db).getValues('tags.name' as any)).rejects.toThrow(UnknownFieldError);
      expect(db.logger.queries).toEqual([]);
    });
  });
});
