import type { DataSource } from 'typeorm';
import type { DialectName } from '../spec/support/dialects';

/**
 * The database's plan of a statement, run for real where the database can (PostgreSQL EXPLAIN ANALYZE,
 * MariaDB ANALYZE: actual row counts), as text lines.
 */
export async function explainLines(
  ds: DataSource,
  dialect: DialectName,
  sql: string,
  parameters: unknown[],
): Promise<string[]> {
  if (dialect === 'sqlite') {
    const rows: { id: number; parent: number; detail: string }[] = await ds.query(
      `EXPLAIN QUERY PLAN ${sql}`,
      parameters,
    );
    const depth = new Map<number, number>([[0, 0]]);
    return rows.map((r) => {
      const d = (depth.get(r.parent) ?? 0) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d - 1)}${r.detail}`;
    });
  }
  if (dialect === 'postgres') {
    const rows: Record<string, string>[] = await ds.query(
      `EXPLAIN (ANALYZE, BUFFERS OFF) ${sql}`,
      parameters,
    );
    return rows.map((r) => r['QUERY PLAN']);
  }
  const rows: Record<string, unknown>[] = await ds.query(`ANALYZE ${sql}`, parameters);
  return rows.map(
    (r) =>
      `${r.id} ${r.select_type} ${r.table} type=${r.type} key=${r.key ?? '-'} rows=${r.rows} r_rows=${r.r_rows} ` +
      `${r.Extra ?? ''}`.trim(),
  );
}
