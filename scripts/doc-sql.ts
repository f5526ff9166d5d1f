/**
 * Prints the SQL that the `@example`s of SequenceQueryBuilder's TSDoc show, as getQueries() gives it, for the demo
 * entities (entities/, as `npm run demo` sets them up). The TSDoc copies it from here, so it is the real SQL, not an
 * invented one; after a change to the generated SQL, run this again and update the examples.
 *
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/doc-sql.ts [sqlite|postgres|mysql]
 *
 * PostgreSQL and MariaDB use the settings of spec/support/dialects.ts (PGDATABASE, MYSQL_DATABASE…); only the
 * metadata is needed, no table is created and no row is read.
 */
import 'reflect-metadata';
import { Brackets, DataSource, In, LessThan, MoreThan } from 'typeorm';
import { ALL_ENTITIES, Article, Book } from '../entities';
import { SequenceQueryBuilder } from '../src';
import { connectionOptions, type DialectName } from '../spec/support/dialects';

/** One line per clause, so the SQL reads in a doc comment; the carried entity columns ("seq_c0"…) shown as `…`. */
const layout = (sql: string): string =>
  sql
    .replace(/(, [^,]+? AS "seq_c\d+")+/g, ', …')
    .replace(/ (FROM|WHERE|UNION ALL|ORDER BY|LIMIT|INNER JOIN|LEFT JOIN) /g, '\n$1 ')
    .replace(/\n(FROM|WHERE|ORDER BY|LIMIT|INNER JOIN|LEFT JOIN) /g, '\n  $1 ');

async function main(dialect: DialectName): Promise<void> {
  const ds = new DataSource({ ...connectionOptions(dialect), entities: ALL_ENTITIES } as any);
  await ds.initialize();
  const seq = SequenceQueryBuilder.from(
    ds.getRepository(Book).createQueryBuilder('item'),
    ds.getRepository(Article).createQueryBuilder('item'),
  );
  const examples: Record<string, SequenceQueryBuilder<Book | Article>> = {
    from: seq,
    where: seq.where({ pages: MoreThan(100) }),
    whereString: seq.where('item.pages > :n', { n: 100 }),
    andWhere: seq.where({ pages: MoreThan(100) }).andWhere({ release: LessThan('2024-06-01') }),
    orWhere: seq.where({ pages: MoreThan(100) }).orWhere({ title: 'The Bug' }),
    exclude: seq.exclude({ release: LessThan('2024-06-01') }),
    whereIndex: seq.where({ '#': In([1]) }),
    brackets: seq.where(new Brackets((qb) => qb.where('item.pages > :min', { min: 10 }))),
    orderBy: seq.orderBy('release', 'DESC', 'NULLS LAST'),
    addOrderBy: seq.orderBy('pages', 'DESC').addOrderBy('title'),
    reverse: seq.orderBy('title').reverse(),
    skipTake: seq.orderBy('title').skip(20).take(10),
    takeEach: seq.orderBy('release', 'DESC').takeEach(3),
    interleave: seq.orderBy('release', 'DESC').interleave().take(4),
    leftJoinAndSelect: seq.leftJoinAndSelect('author').orderBy('author.name'),
    innerJoin: seq.innerJoin('author').where({ author: { name: 'Ada Lovelace' } }),
    select: seq.select(['title']).orderBy('title').take(5),
  };
  for (const [name, example] of Object.entries(examples)) {
    console.log(`// ---- ${name}`);
    for (const query of example.getQueries()) {
      console.log(
        `-- ${query.entity}; parameters ${JSON.stringify(query.parameters)}\n${layout(query.sql)}\n`,
      );
    }
  }
  await ds.destroy();
}

main((process.argv[2] as DialectName | undefined) ?? 'sqlite').catch((error) => {
  console.error(error);
  process.exit(1);
});
