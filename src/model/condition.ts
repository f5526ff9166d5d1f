import type { Brackets, ObjectLiteral, WhereExpressionBuilder } from 'typeorm';
import type { SequenceWhere } from './types';

/** `(qb, alias, index) => void`: adds conditions for one builder; called once per builder. */
export type PerBuilderCondition = (qb: WhereExpressionBuilder, alias: string, index: number) => void;

/**
 * What where(), andWhere(), orWhere() and exclude() take: an object in TypeORM's `FindOptionsWhere` form over
 * the common fields (`'#'` allowed) or an array of them (OR), a TypeORM string condition, a
 * `Brackets`/`NotBrackets`, or a function called for each builder.
 */
export type Condition<T = any> =
  SequenceWhere<T> | SequenceWhere<T>[] | string | Brackets | PerBuilderCondition;

/** One call of where/andWhere/orWhere/exclude, as recorded on the sequence. */
export interface FilterTerm {
  readonly connective: 'and' | 'or';
  readonly negated: boolean;
  readonly condition: Condition;
  readonly parameters?: ObjectLiteral;
}
