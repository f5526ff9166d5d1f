import { DataSource } from 'typeorm';
import { connectionOptions, type DialectName } from './dialects';

/** Does this dialect's server answer? Null if so, else the first line of the error. SQLite always answers. */
export async function probeDialect(dialect: DialectName): Promise<string | null> {
  if (dialect === 'sqlite') return null;
  const options: any = { ...connectionOptions(dialect), connectTimeoutMS: 3000, connectTimeout: 3000 };
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
    await dataSource.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}
