import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as loadedTypeorm from 'typeorm';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer';
import { Book } from '../../entities';
import { SequenceQueryBuilder, UnsupportedTypeormError } from '../../src';
import {
  checkTypeormContract,
  rebindJoins,
  transformerSignature,
  TYPEORM_CONTRACT,
  typeormContractProblems,
  typeormVersion,
} from '../../src/typeorm/internals';
import { describeEachDialect } from '../support/test-database';

/*
 * The TypeORM members src/typeorm/ relies on (TYPEORM_CONTRACT, the list the package checks at run time
 * too), each checked on a real builder of a real DataSource, on every database; the 0.3 config runs the
 * same on TypeORM 0.3.x. A failure names the member and the installed TypeORM.
 */

/** The TypeORM this run loads (1.x, or 0.3.x under jest.typeorm-0.3.config.ts), told by module identity. */
function loadedTypeormManifest(): { version: string } {
  const root = join(__dirname, '..', '..', 'node_modules');
  for (const folder of ['typeorm', 'typeorm-0.3']) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const candidate = require(join(root, folder));
    if (candidate.DataSource === loadedTypeorm.DataSource) {
      return JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    }
  }
  throw new Error('The loaded typeorm is neither node_modules/typeorm nor node_modules/typeorm-0.3.');
}

const installed = loadedTypeormManifest().version;

describe('TypeORM version', () => {
  it(`typeormVersion() is the loaded TypeORM's (${installed})`, () => {
    expect(typeormVersion()).toBe(installed);
  });

  it("rowHydrator's transformer signature is the one of the loaded TypeORM's major", () => {
    const expected = installed.startsWith('0.') ? 'with relation counts' : 'without relation counts';
    expect(transformerSignature(RawSqlResultsToEntityTransformer)).toBe(expected);
  });

  it('an unknown transformer signature throws UnsupportedTypeormError naming it and the version', () => {
    function Transformer(_expressionMap: unknown, _driver: unknown, _queryRunner: unknown) {}
    expect(() => transformerSignature(Transformer)).toThrow(UnsupportedTypeormError);
    expect(() => transformerSignature(Transformer)).toThrow(
      `TypeORM ${installed}: RawSqlResultsToEntityTransformer has a constructor of 3 parameters`,
    );
  });
});

describeEachDialect('TypeORM contract', (db) => {
  const books = () => db.dataSource.getRepository(Book).createQueryBuilder('t');

  it('a builder whose TypeORM lacks a member fails at SequenceQueryBuilder.from(), before any SQL', async () => {
    // The first builder of this DataSource the package sees: the run-time check of the contract runs.
    const broken = books();
    (broken as any).getWhereCondition = undefined;
    const { queries } = await db.counted(async () => {
      expect(() => SequenceQueryBuilder.from(broken)).toThrow(UnsupportedTypeormError);
      expect(() => SequenceQueryBuilder.from(broken)).toThrow(
        `TypeORM ${installed}: QueryBuilder.getWhereCondition is undefined, expected a function`,
      );
    });
    expect(queries).toEqual([]);
    // Once a builder passed, the DataSource is not checked again.
    expect(() => SequenceQueryBuilder.from(books())).not.toThrow();
  });

  for (const { member, problem } of TYPEORM_CONTRACT) {
    it(member, () => {
      const found = problem(books().where('t.pages > :n', { n: 1 }).leftJoinAndSelect('t.author', 'a'));
      expect(found === undefined ? 'as expected' : `TypeORM ${installed}: ${member} ${found}`).toBe(
        'as expected',
      );
    });
  }

  it('checkTypeormContract passes on a builder with joins, conditions and an order', () => {
    const builder = books().leftJoinAndSelect('t.author', 'a').where('a.id > 0').orderBy('t.title');
    expect(typeormContractProblems(builder)).toEqual([]);
    expect(() => checkTypeormContract(builder)).not.toThrow();
  });

  it('rebindJoins points each join of a clone at its own expression map', () => {
    const clone = books().leftJoinAndSelect('t.author', 'a').clone();
    rebindJoins(clone);
    for (const join of clone.expressionMap.joinAttributes) {
      expect((join as any).queryExpressionMap).toBe(clone.expressionMap);
      expect(join.isSelectedEvaluated).toBe(false);
    }
  });

  it('rebindJoins throws instead of writing a JoinAttribute.queryExpressionMap that is not there', () => {
    const clone = books().leftJoinAndSelect('t.author', 'a').clone();
    delete (clone.expressionMap.joinAttributes[0] as any).queryExpressionMap;
    expect(() => rebindJoins(clone)).toThrow(UnsupportedTypeormError);
    expect(() => rebindJoins(clone)).toThrow(
      `TypeORM ${installed}: JoinAttribute.queryExpressionMap is missing`,
    );
  });
});
