import type { Brackets, ObjectLiteral, WhereExpressionBuilder } from 'typeorm';
import type { SequenceWhere } from './types';

/** `(qb, alias, index) => void`: adds conditions for one builder; called once per builder. */
export type PerBuilderCondition = (qb: WhereExpressionBuilder, alias: string, index: number) => void;

export type Condition<T = any> =
  SequenceWhere<T> | SequenceWhere<T>[] | string | Brackets | PerBuilderCondition;

/** One call of where/andWhere/orWhere/exclude, as recorded on the sequence. */
export interface FilterTerm {
  readonly connective: 'and' | 'or';
  readonly negated: boolean;
  readonly condition: Condition;
  readonly parameters?: ObjectLiteral;
}
