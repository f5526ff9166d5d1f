import fc from 'fast-check';
import type { ColumnOptions, PrimaryColumnOptions } from 'typeorm';
import type { DialectName } from '../support/dialects';

/*
 * The column types the differential suite draws entities from. Kinds of one family may be mixed across
 * the two entities of a shape (an int key beside a decimal one, a date beside a timestamp): the sequence
 * accepts them as one order key. Values come from small pools so that ties (within and across entities)
 * are frequent; strings mix case and accents, which collations order differently.
 */

export type Family = 'number' | 'string' | 'date' | 'boolean' | 'uuid';
export type KindName =
  | 'int'
  | 'bigint'
  | 'decimal'
  | 'varchar'
  | 'text'
  | 'date'
  | 'datetime'
  | 'timestamptz'
  | 'boolean'
  | 'uuid';

export interface Kind {
  family: Family;
  /** The column's options on a dialect. */
  column: (dialect: DialectName) => ColumnOptions;
  /** Values to insert. */
  values: fc.Arbitrary<unknown>;
  /** The same value as a query parameter for a hand-written condition (dates as text). */
  parameter: (value: unknown) => unknown;
}

const same = (value: unknown) => value;
const MOMENTS = [
  '2020-01-01T00:00:00.000Z',
  '2020-01-01T00:00:00.001Z',
  '2020-01-01T00:00:00.999Z',
  '2020-01-02T00:00:00.000Z',
  '2021-06-15T12:30:00.250Z',
];
/** `'2020-01-01 00:00:00.001'`: how TypeORM writes a Date into a timestamp on each database (UTC here). */
const momentText = (value: unknown) => (value as Date).toISOString().replace('T', ' ').replace('Z', '');
const STRINGS = ['a', 'A', 'b', 'ab', 'é', 'É', 'e', '', 'Z'];
export const UUIDS = [
  '0a3f5e4c-1111-4a1a-8a1a-000000000001',
  '1b3f5e4c-2222-4b2b-9b2b-000000000002',
  '9c3f5e4c-3333-4c3c-ac3c-000000000003',
  'fd3f5e4c-4444-4d4d-bd4d-000000000004',
  '5e3f5e4c-5555-4e5e-8e5e-000000000005',
  'a53f5e4c-6666-4f6f-9f6f-000000000006',
];

export const KINDS: Record<KindName, Kind> = {
  int: {
    family: 'number',
    column: () => ({ type: 'int' }),
    values: fc.constantFrom(-2, 0, 1, 7),
    parameter: same,
  },
  bigint: {
    family: 'number',
    column: () => ({ type: 'bigint' }),
    // 2^53 + 1 is no double: a position read as a JavaScript number is off by one.
    values: fc.constantFrom('-2', '0', '1', '7', '9007199254740993', '9007199254740994'),
    parameter: same,
  },
  decimal: {
    family: 'number',
    column: () => ({ type: 'decimal', precision: 8, scale: 2 }),
    values: fc.constantFrom('-2.00', '0.00', '1.00', '1.50', '7.25'),
    parameter: same,
  },
  varchar: {
    family: 'string',
    column: () => ({ type: 'varchar', length: 12 }),
    values: fc.constantFrom(...STRINGS),
    parameter: same,
  },
  text: {
    family: 'string',
    column: () => ({ type: 'text' }),
    values: fc.constantFrom(...STRINGS),
    parameter: same,
  },
  date: {
    family: 'date',
    column: () => ({ type: 'date' }),
    values: fc.constantFrom('2020-01-01', '2020-01-02', '2021-06-15'),
    parameter: same,
  },
  datetime: {
    family: 'date',
    column: (dialect) =>
      dialect === 'postgres'
        ? { type: 'timestamp', precision: 3 }
        : dialect === 'mysql'
          ? { type: 'datetime', precision: 3 }
          : { type: 'datetime' },
    values: fc.constantFrom(...MOMENTS.map((m) => new Date(m))),
    parameter: momentText,
  },
  timestamptz: {
    family: 'date',
    // PostgreSQL only; elsewhere the closest type, a datetime.
    column: (dialect) =>
      dialect === 'postgres' ? { type: 'timestamptz', precision: 3 } : KINDS.datetime.column(dialect),
    values: fc.constantFrom(...MOMENTS.map((m) => new Date(m))),
    parameter: momentText,
  },
  boolean: {
    family: 'boolean',
    column: () => ({ type: 'boolean' }),
    values: fc.boolean(),
    parameter: same,
  },
  uuid: {
    family: 'uuid',
    column: () => ({ type: 'uuid' }),
    values: fc.constantFrom(...UUIDS),
    parameter: same,
  },
};

export const KINDS_OF: Record<Family, KindName[]> = {
  number: ['int', 'bigint', 'decimal'],
  string: ['varchar', 'text'],
  date: ['date', 'datetime', 'timestamptz'],
  boolean: ['boolean'],
  uuid: ['uuid'],
};

/** Primary keys: their column, values (unique per entity, case-insensitively), and PostgreSQL's type name. */
export type KeyKind = 'int' | 'varchar' | 'uuid';
export const KEYS: Record<
  KeyKind,
  { column: PrimaryColumnOptions; values: fc.Arbitrary<string | number>; sqlType: string }
> = {
  int: { column: { type: 'int' }, values: fc.integer({ min: 1, max: 40 }), sqlType: 'integer' },
  varchar: {
    column: { type: 'varchar', length: 8 },
    values: fc.stringMatching(/^[a-zA-Z]{1,3}$/),
    sqlType: 'varchar',
  },
  uuid: { column: { type: 'uuid' }, values: fc.constantFrom(...UUIDS), sqlType: 'uuid' },
};
