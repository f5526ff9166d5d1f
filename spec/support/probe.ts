import { connectionOptions, type DialectName } from './dialects';

/*
 * Does this dialect's server answer? Null if so, else the first line of the error. SQLite always answers.
 * The probe talks to the drivers directly, not through TypeORM: the global setup runs in Jest's own process,
 * and a TypeORM loaded there would leave its metadata storage on the global object, where the TypeORM 0.3
 * run's specs would find a 1.x storage.
 */
export async function probeDialect(dialect: DialectName): Promise<string | null> {
  if (dialect === 'sqlite') return null;
  const options: any = connectionOptions(dialect);
  const settings = {
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
  };
  try {
    if (dialect === 'postgres') {
      const { Client } = (await import('pg' as string)) as { Client: new (settings: object) => any };
      const client = new Client({ ...settings, connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    } else {
      const mysql = await import('mysql2/promise');
      const connection = await mysql.createConnection({ ...settings, connectTimeout: 3000 });
      try {
        await connection.query('SELECT 1');
      } finally {
        await connection.end().catch(() => undefined);
      }
    }
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0] || String(error);
  }
}
