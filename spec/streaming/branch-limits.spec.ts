import 'reflect-metadata';
import { sequenceOf } from '../../src';
import { Alpha, Beta, Gamma, PROPERTY_ENTITIES, propertyLabel } from '../pagination/random-entities';
import { availableDialects } from '../support/dialects';
import { TestDatabase } from '../support/test-database';

/** A statement's LIMITs in order, written in the SQL or bound (`LIMIT ?`: SQLite binds the parts' LIMITs). */
function limitsOf(sql: string, values: readonly unknown[]): number[] {
  const limits: number[] = [];
  let placeholders = 0;
  for (const [token, limit] of sql.matchAll(/\bLIMIT (\d+|\?)|\?/gi)) {
    if (limit === '?') limits.push(Number(values[placeholders++]));
    else if (limit !== undefined) limits.push(Number(limit));
    else if (token === '?') placeholders++;
  }
  return limits;
}

/** The seek parts of a key statement's branches: rows where `n` is NULL, where it is not, or all. */
function partKinds(sql: string): Set<'null' | 'value' | 'all'> {
  return new Set(
    sql
      .split(/ UNION ALL /i)
      .map((branch) =>
        /\.[`"]n[`"] IS NULL/i.test(branch)
          ? 'null'
          : /\.[`"]n[`"] (IS NOT NULL|[<>]=?)/i.test(branch)
            ? 'value'
            : 'all',
      ),
  );
}

/**
 * stream() limits each branch part by what it gave in the batches before, and cuts a batch at the last
 * row of a part that returned its whole LIMIT. Here the builders take turns: Alpha holds the low keys,
 * Beta the middle, Gamma a few high ones and NULLs, so the LIMITs must follow the data as it shifts.
 */
for (const dialect of availableDialects()) {
  describe(`stream(): branch LIMITs learned from earlier batches [${dialect}]`, () => {
    const db = new TestDatabase(dialect);
    const BATCH = 100;
    const TOTAL = 600 + 600 + 60;
    const seq = () => sequenceOf(db.dataSource, [Alpha, Beta, Gamma]).orderBy('n');

    afterAll(() => db.close());

    beforeAll(async () => {
      await db.open(PROPERTY_ENTITIES);
      await db.dataSource
        .getRepository(Alpha)
        .insert(Array.from({ length: 600 }, (_, i) => ({ id: i, n: i })));
      await db.dataSource
        .getRepository(Beta)
        .insert(Array.from({ length: 600 }, (_, i) => ({ id: `b${i}`, n: 450 + i })));
      await db.dataSource
        .getRepository(Gamma)
        .insert(Array.from({ length: 60 }, (_, i) => ({ a: i, b: 0, n: i % 3 === 0 ? null : 1040 + i })));
    });

    /** The database's own order for the same rows: a hand-written UNION ALL ordered as the sequence is. */
    async function oracle(): Promise<string[]> {
      const q = (name: string) => db.q(name);
      const text = db.dialect === 'postgres' ? 'CAST(NULL AS varchar)' : 'NULL';
      const int = db.dialect === 'postgres' ? 'CAST(NULL AS integer)' : 'NULL';
      const rows = await db.query(
        `SELECT idx, pa, pb, ga, gb FROM (` +
          `SELECT 0 AS idx, id AS pa, ${text} AS pb, ${int} AS ga, ${int} AS gb, n FROM ${q('prop_alpha')} ` +
          `UNION ALL SELECT 1, ${int}, id, ${int}, ${int}, n FROM ${q('prop_beta')} ` +
          `UNION ALL SELECT 2, ${int}, ${text}, a, b, n FROM ${q('prop_gamma')}` +
          `) u ORDER BY n ASC, idx ASC, pa ASC, pb ASC, ga ASC, gb ASC`,
      );
      return rows.map((r) => {
        const idx = Number(r.idx);
        return idx === 0 ? `Alpha:${r.pa}` : idx === 1 ? `Beta:${r.pb}` : `Gamma:${r.ga}-${r.gb}`;
      });
    }

    it('yields exactly the database order while the builders take turns', async () => {
      const expected = await oracle();
      expect(expected).toHaveLength(TOTAL);
      const streamed: string[] = [];
      for await (const row of seq().stream({ batchSize: BATCH })) streamed.push(propertyLabel(row));
      expect(streamed).toEqual(expected);
    });

    it('after the first batches the database reads about one batch per batch, not builders × batch', async () => {
      const { queries, parameters } = await db.counted(async () => {
        for await (const row of seq().stream({ batchSize: BATCH })) void row;
      });
      const keyQueries = queries.filter((sql) => sql.includes('seq_idx'));
      const limitSums = queries
        .map((sql, i) => ({ sql, values: parameters[i] }))
        .filter(({ sql }) => sql.includes('seq_idx'))
        .map(({ sql, values }) =>
          limitsOf(sql, values)
            // the last LIMIT of a statement is the batch itself; the others limit its branch parts
            .slice(0, -1)
            .reduce((a, b) => a + b, 0),
        );
      for (const sum of limitSums) expect(sum).toBeGreaterThan(0);
      // Every part limited to the whole batch: 3 builders (and NULL parts) × the batch.
      const everyPartWhole = 3 * BATCH;
      const later = limitSums.slice(2);
      const average = later.reduce((a, b) => a + b, 0) / later.length;
      expect(average).toBeLessThan(everyPartWhole * 0.75);
      // Cut batches cost statements: still well under twice the batches an unlimited union would need.
      expect(keyQueries.length).toBeLessThan(2 * Math.ceil(TOTAL / BATCH) + 2);
    });

    it("a seek's parts that sort after the others wait until those run out (NULLs last, or values after NULLs)", async () => {
      const { queries } = await db.counted(async () => {
        for await (const row of seq().stream({ batchSize: 10 })) void row;
      });
      const kinds = queries.filter((sql) => sql.includes('seq_idx')).map(partKinds);
      expect(kinds.length).toBeGreaterThan(TOTAL / 10);
      // Both kinds in one statement only where the first kind ran out (the 20 NULLs of Gamma are in
      // every batch's NULL part otherwise, sorted and thrown away).
      expect(kinds.filter((k) => k.has('null') && k.has('value')).length).toBeLessThanOrEqual(1);
      expect(kinds.filter((k) => k.has('null')).length).toBeGreaterThan(0);
    });

    it('positions and part LIMITs are parameters: SQLite prepares each batch shape once', async () => {
      const { queries } = await db.counted(async () => {
        for await (const row of seq().stream({ batchSize: 10 })) void row;
      });
      const keyQueries = queries.filter((sql) => sql.includes('seq_idx'));
      // Alpha's and Gamma's integer keys are compared with a placeholder, never written into the SQL.
      for (const sql of keyQueries) expect(sql).not.toMatch(/\.[`"](id|a|b|n)[`"] *[<>=]+ *\d/);
      // PostgreSQL and MariaDB parse every statement anyway; there the part LIMITs stay in the text.
      if (db.dialect === 'sqlite') expect(new Set(keyQueries).size).toBeLessThan(keyQueries.length / 4);
    });

    it('a cut batch continues where it was cut: every batch yields rows, none twice', async () => {
      const streamed: string[] = [];
      for await (const row of seq().stream({ batchSize: 7 })) streamed.push(propertyLabel(row));
      expect(new Set(streamed).size).toBe(TOTAL);
      expect(streamed).toEqual(await oracle());
    });
  });
}
