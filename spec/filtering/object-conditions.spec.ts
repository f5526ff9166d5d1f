import {
  Between,
  Equal,
  ILike,
  In,
  IsNull,
  LessThan,
  LessThanOrEqual,
  Like,
  MoreThan,
  MoreThanOrEqual,
  Not,
  Raw,
} from 'typeorm';
import { seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';
import { expectOracle, labels, pubs } from './filtering-helpers';

describeEachDialect('filtering: object conditions', (db) => {
  beforeAll(() => seed(db));

  describe('FindOperators on common columns', () => {
    it('a plain value and Equal() compare with =', async () => {
      const plain = await expectOracle(db, pubs(db).where({ title: 'cherry' }), `t.title = 'cherry'`);
      expect([...plain].sort()).toEqual(['Article:3', 'Book:3']);
      await expectOracle(db, pubs(db).where({ pages: Equal(250) }), 't.pages = 250');
    });

    it('Like follows the database (same rows as its own LIKE); ILike with the same pattern finds more or as many', async () => {
      const like = await expectOracle(db, pubs(db).where({ title: Like('a%') }), `t.title LIKE 'a%'`);
      expect(like).toEqual(expect.arrayContaining(['Book:1', 'BlogPost:apple']));
      const ilike = labels(
        await pubs(db)
          .where({ title: ILike('a%') })
          .getMany(),
      );
      expect(ilike).toEqual(expect.arrayContaining([...like, 'Article:1']));
    });

    it('ILike ignores case on every database', async () => {
      const rows = await expectOracle(
        db,
        pubs(db).where({ title: ILike('%APPLE%') }),
        `LOWER(t.title) LIKE '%apple%'`,
      );
      expect([...rows].sort()).toEqual(['Article:1', 'BlogPost:apple', 'Book:1']);
    });

    it('In', async () => {
      await expectOracle(db, pubs(db).where({ pages: In([2, 5, 250]) }), 't.pages IN (2, 5, 250)');
    });

    it('MoreThan and LessThanOrEqual on numbers', async () => {
      await expectOracle(db, pubs(db).where({ pages: MoreThan(100) }), 't.pages > 100');
      await expectOracle(db, pubs(db).where({ pages: LessThanOrEqual(5) }), 't.pages <= 5');
    });

    it('MoreThanOrEqual and LessThan on dates', async () => {
      await expectOracle(
        db,
        pubs(db).where({ release: MoreThanOrEqual('2021-06-15') }),
        `t.${db.q('release')} >= '2021-06-15'`,
      );
      await expectOracle(
        db,
        pubs(db).where({ release: LessThan('2020-01-01') }),
        `t.${db.q('release')} < '2020-01-01'`,
      );
    });

    it('Between is inclusive', async () => {
      const rows = await expectOracle(
        db,
        pubs(db).where({ pages: Between(5, 100) }),
        't.pages BETWEEN 5 AND 100',
      );
      expect(rows).toEqual(expect.arrayContaining(['Article:1', 'Book:1', 'BlogPost:zz']));
    });

    it('IsNull and Not(IsNull())', async () => {
      const nulls = await expectOracle(
        db,
        pubs(db).where({ release: IsNull() }),
        `t.${db.q('release')} IS NULL`,
      );
      expect([...nulls].sort()).toEqual(['Article:2', 'BlogPost:nul', 'Book:3']);
      await expectOracle(db, pubs(db).where({ release: Not(IsNull()) }), `t.${db.q('release')} IS NOT NULL`);
    });

    it('Not(value) and Not(In(...)) as in SQL (NULLs do not match)', async () => {
      await expectOracle(
        db,
        pubs(db).where({ release: Not('2020-01-01') }),
        `t.${db.q('release')} <> '2020-01-01'`,
      );
      await expectOracle(db, pubs(db).where({ pages: Not(In([2, 5, 250])) }), 't.pages NOT IN (2, 5, 250)');
    });

    it('Raw with its own parameters', async () => {
      const rows = await expectOracle(
        db,
        pubs(db).where({ pages: Raw((a) => `${a} > :n`, { n: 100 }) }),
        't.pages > 100',
      );
      expect([...rows].sort()).toEqual(['Book:2', 'Book:4', 'Book:5', 'Book:6']);
    });
  });

  describe('combining fields', () => {
    it('several fields in one object are ANDed', async () => {
      await expectOracle(
        db,
        pubs(db).where({ release: '2021-06-15', pages: MoreThan(4) }),
        `t.${db.q('release')} = '2021-06-15' AND t.pages > 4`,
      );
    });

    it('an array of objects means OR', async () => {
      const rows = await expectOracle(
        db,
        pubs(db).where([{ title: 'cherry' }, { pages: MoreThan(250) }, { release: IsNull(), pages: 1 }]),
        `t.title = 'cherry' OR t.pages > 250 OR (t.${db.q('release')} IS NULL AND t.pages = 1)`,
      );
      expect([...rows].sort()).toEqual(['Article:3', 'BlogPost:nul', 'Book:3', 'Book:4']);
    });

    it('an empty object matches every row', async () => {
      await expectOracle(db, pubs(db).where({}), '1 = 1');
    });
  });

  describe('values travel as parameters', () => {
    const evil = "x' OR 1=1 --";

    it('a quote-laden value matches nothing and breaks nothing', async () => {
      expect(await pubs(db).where({ title: evil }).getMany()).toEqual([]);
      expect(
        await pubs(db)
          .where({ title: Like(`%${evil}%`) })
          .getCount(),
      ).toBe(0);
      expect(
        await pubs(db)
          .where([{ title: evil }, { author: { name: evil } }])
          .getMany(),
      ).toEqual([]);
    });

    it('getQueries() shows the value in parameters, never in the SQL', async () => {
      const queries = pubs(db).where({ title: evil }).getQueries();
      expect(queries.length).toBeGreaterThan(0);
      for (const query of queries) {
        expect(query.sql).not.toContain('1=1');
        expect(query.sql).not.toContain("x'");
        expect(query.parameters).toContain(evil);
      }
    });

    it('a string condition parameter is not spliced into the SQL either', async () => {
      const seq = pubs(db).where('item.title = :t', { t: evil });
      expect(await seq.getMany()).toEqual([]);
      const [key] = seq.getQueries();
      expect(key.sql).not.toContain('1=1');
      expect(key.parameters).toContain(evil);
    });
  });
});
