import { parametersOf } from '../typeorm/internals';
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { driverParameter } from '../dialect/dialect';
import type { Materialized } from './materialize';

/*
 * A plan shared by every sequence of one shape (plan-sequence.ts) holds no parameter value: each of its
 * builders' parameters is a ParameterSlot naming the builder and the parameter, so the SQL built from it
 * carries slots where values go. A request's plan is the shared one plus a Binding (its own values by
 * builder and name); slots are replaced by values only when a statement runs or is shown.
 */

/** Stands for the value of builder `#index`'s parameter `name` (or element `element` of an array value). */
export class ParameterSlot {
  constructor(
    readonly index: number,
    readonly name: string,
    readonly element?: number,
  ) {}
}

/** A request's parameter values: by builder `#`, the parameters of its materialized builder. */
export type Binding = ReadonlyMap<number, ObjectLiteral>;

/**
 * Replaces the values of a shared plan's materialized builder by slots (in place: the builder is the
 * plan's own clone, not yet used for any SQL) and returns the parameter names, in order.
 */
export function slotParameters(m: Materialized): readonly string[] {
  const parameters = parametersOf(m.qb);
  const index = m.member.index;
  const names = Object.keys(parameters);
  for (const name of names) {
    const value = parameters[name];
    parameters[name] = Array.isArray(value)
      ? value.map((_, i) => new ParameterSlot(index, name, i))
      : new ParameterSlot(index, name);
  }
  return names;
}

/** Statement parameters with every slot replaced by the request's value, converted as the driver takes it. */
export function bindParameters(
  dataSource: DataSource,
  parameters: readonly unknown[],
  binding: Binding | undefined,
): unknown[] {
  if (binding === undefined) return [...parameters];
  return parameters.map((value) => bindValue(dataSource, value, binding));
}

function bindValue(dataSource: DataSource, value: unknown, binding: Binding): unknown {
  if (value instanceof ParameterSlot) {
    const given = binding.get(value.index)![value.name];
    // an array's elements go to the driver as they are, as TypeORM passes them
    return value.element === undefined ? driverParameter(dataSource, given) : given[value.element];
  }
  if (Array.isArray(value) && value.some((v) => v instanceof ParameterSlot)) {
    return value.map((v) => (v instanceof ParameterSlot ? binding.get(v.index)![v.name][v.element!] : v));
  }
  return value;
}

/** A builder derived from a shared plan's, with the request's values for its parameters (run by TypeORM). */
export function withValues<Q extends SelectQueryBuilder<any>>(
  qb: Q,
  m: Materialized,
  binding: Binding | undefined,
): Q {
  const values = binding?.get(m.member.index);
  if (values) qb.setParameters(values);
  return qb;
}
