import type { ColumnMetadata } from '../typeorm/internals';
import type { DataSource } from 'typeorm';
import { columnFamily } from '../metadata/column-family';
import { dialectOf } from '../dialect/dialect';
import type { CursorValueRules, DatePart, DateShape } from '../dialect/sql-dialect';

/*
 * A cursor's values come back from outside, so each one is checked against the key it stands for: the
 * column's type, range and encoding on its database. A value the database would refuse (a PostgreSQL
 * error) or silently turn into another value (MariaDB's and SQLite's conversions: a wrong page) is not a
 * value any cursor of this sequence can hold. Every value a page hands out passes: the forms below are
 * the ones each database's key query returns (dates and times as the database's own text).
 */

/**
 * Why `value` cannot stand for a value of `column` on `dataSource`, or undefined when it can. `comparedAs`:
 * the type the key is compared and carried in where it is not the column's own (planning/key-type.ts: an
 * integer column beside a decimal one carries its values as that decimal), checked without the column's
 * own size.
 */
export function cursorValueProblem(
  value: unknown,
  column: ColumnMetadata | undefined,
  dataSource: DataSource,
  comparedAs?: string,
): string | undefined {
  if (value === null) return undefined;
  const rules = dialectOf(dataSource).cursorValues;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'is not a finite number';
  } else if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) return 'is not valid Unicode text';
    const problem = rules.textProblem(value);
    if (problem) return problem;
  } else if (typeof value !== 'boolean') {
    return 'is not a string, number, boolean or null';
  }
  if (!column || column.isArray) return undefined; // a raw SQL key: no type to check against
  const type = comparedAs
    ? comparedAs.toLowerCase().replace(/\(.*\)$/, '')
    : dataSource.driver.normalizeType(column).toLowerCase();
  switch (columnFamily(column)) {
    case 'number':
      return numberProblem(value, type, column, dataSource, rules, !comparedAs);
    case 'date':
      return typeof value === 'string' ? dateProblem(value, type, rules) : 'is not a date/time text';
    case 'string':
      return stringProblem(value, type, column);
    case 'boolean':
      return [true, false, 0, 1].includes(value as never) ? undefined : 'is not a boolean';
    default:
      return undefined;
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function stringProblem(value: unknown, type: string, column: ColumnMetadata): string | undefined {
  if (typeof value !== 'string') return 'is not a string';
  if ((type === 'uuid' || column.type === 'uuid') && !UUID.test(value)) return 'is not a uuid';
  if (column.enum && !column.enum.some((member) => String(member) === value))
    return `is not one of the enum's values (${column.enum.join(', ')})`;
  return undefined;
}

/* ---------- numbers ---------- */

const INTEGER_BITS: Record<string, number> = {
  tinyint: 8,
  smallint: 16,
  int2: 16,
  mediumint: 24,
  int: 32,
  integer: 32,
  int4: 32,
  bigint: 64,
  int8: 64,
};
const DECIMAL_TYPES = new Set(['decimal', 'numeric', 'dec', 'fixed']);
const FLOAT_TYPES = new Set(['real', 'float', 'float4', 'double', 'double precision', 'float8']);
const INTEGER_TEXT = /^-?\d{1,20}$/;
const DECIMAL_TEXT = /^-?(\d+)(?:\.(\d+))?$/;

function numberProblem(
  value: unknown,
  type: string,
  column: ColumnMetadata,
  dataSource: DataSource,
  rules: CursorValueRules,
  ownType: boolean,
): string | undefined {
  if (typeof value === 'boolean') return 'is not a number';
  const bits = INTEGER_BITS[type];
  if (bits !== undefined) return integerProblem(value as number | string, bits, column, rules);
  if (DECIMAL_TYPES.has(type))
    return decimalProblem(value as number | string, ownType ? column : undefined, dataSource, rules);
  if (FLOAT_TYPES.has(type)) {
    if (typeof value !== 'number') return 'is not a number';
    // PostgreSQL's real and MariaDB's float are 4 bytes: what rounds to 0 or overflows is no such value
    const single = rules.singleFloats.has(type);
    const rounded = Math.fround(value);
    if (single && (!Number.isFinite(rounded) || (rounded === 0 && value !== 0)))
      return `is out of range for ${type}`;
    return undefined;
  }
  // another numeric type (money, …): a number or a number's text
  return typeof value === 'number' || /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value as string)
    ? undefined
    : 'is not a number';
}

function integerProblem(
  value: number | string,
  declaredBits: number,
  column: ColumnMetadata,
  rules: CursorValueRules,
): string | undefined {
  // SQLite's integers are all 64-bit, and it hands them out as JavaScript numbers, rounded beyond 2^53
  const bits = rules.integersAre64Bit ? 64 : declaredBits;
  let n: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'is not an integer';
    if (rules.integersAre64Bit && Math.abs(value) === 2 ** 63) return undefined;
    // beyond 2^53 the others' cursors carry the digits as text (a number there has lost some)
    if (!rules.integersAre64Bit && !Number.isSafeInteger(value)) return 'is out of range';
    n = BigInt(value);
  } else {
    if (!INTEGER_TEXT.test(value)) return 'is not an integer';
    n = BigInt(value);
  }
  const unsigned = !!column.unsigned;
  const min = unsigned ? 0n : -(2n ** BigInt(bits - 1));
  const max = unsigned ? 2n ** BigInt(bits) - 1n : 2n ** BigInt(bits - 1) - 1n;
  return n < min || n > max
    ? `is out of range for a ${unsigned ? 'unsigned ' : ''}${bits}-bit integer`
    : undefined;
}

function decimalProblem(
  value: number | string,
  column: ColumnMetadata | undefined,
  dataSource: DataSource,
  rules: CursorValueRules,
): string | undefined {
  if (typeof value === 'string' && rules.specialDecimal(value, dataSource)) return undefined;
  const text = typeof value === 'number' ? undefined : DECIMAL_TEXT.exec(value);
  if (typeof value === 'string' && !text) return 'is not a decimal number';
  // SQLite keeps any number in a decimal column; PostgreSQL and MariaDB hold the declared digits
  const precision = rules.decimalsKeepPrecision ? column?.precision : undefined;
  if (precision === undefined || precision === null) return undefined;
  const scale = column?.scale ?? 0;
  const fits = text
    ? (/^0+$/.test(text[1]) || text[1].replace(/^0+/, '').length <= precision - scale) &&
      (text[2] ?? '').length <= scale
    : Math.abs(value as number) < 10 ** (precision - scale);
  return fits ? undefined : `does not fit decimal(${precision},${scale})`;
}

/* ---------- dates and times ---------- */

const DATE_TIME =
  /^(?:(\d{4,7})-(\d\d)-(\d\d))?(?:(?:^|[ T])(-?\d{2,3}):(\d\d)(?::(\d\d)(?:\.(\d+))?)?)?(Z|[+-](\d\d)(?::?(\d\d)(?::?(\d\d))?)?)?( BC)?$/;

const fits = (part: DatePart, present: boolean) => (present ? part !== 'no' : part !== 'required');

function dateProblem(value: string, type: string, rules: CursorValueRules): string | undefined {
  const shape = rules.dateShapes[type] ?? rules.otherDates;
  if (!shape) return undefined; // a date type this package does not know: the database's to judge
  if (shape.infinity && shape.date === 'required' && (value === 'infinity' || value === '-infinity'))
    return undefined;
  const what = `is not a valid ${type} value`;
  const m = DATE_TIME.exec(value);
  if (!m) return what;
  const [, year, month, day, hour, minute, second, fraction, zone, zoneHours, zoneMinutes, zoneSeconds, bc] =
    m;
  const hasDate = year !== undefined;
  const hasTime = hour !== undefined;
  if (
    !(hasDate || hasTime) ||
    !fits(shape.date, hasDate) ||
    !fits(shape.time, hasTime) ||
    !fits(shape.zone, zone !== undefined) ||
    (zone !== undefined && !hasTime) ||
    (bc !== undefined && !(shape.bcYears && hasDate))
  )
    return what;
  if (hasDate && !validDate(year, Number(month), Number(day), shape, bc !== undefined)) return what;
  if (hasTime && !validTime(hour, Number(minute), Number(second ?? 0), fraction, shape)) return what;
  // PostgreSQL's limit for a zone's displacement: 15:59:59
  if (
    zoneHours !== undefined &&
    (Number(zoneHours) > 15 || Number(zoneMinutes ?? 0) > 59 || Number(zoneSeconds ?? 0) > 59)
  )
    return `${what} (time zone offset out of range)`;
  return undefined;
}

function validDate(yearText: string, month: number, day: number, shape: DateShape, bc: boolean): boolean {
  const year = Number(yearText);
  if (shape.zeroDate && year === 0 && month === 0 && day === 0) return true; // MariaDB's zero date
  if (!shape.bcYears && yearText.length !== 4) return false;
  if (year > shape.maxYear || (shape.bcYears && (year === 0 || (bc && year > 4713)))) return false;
  const astronomical = bc ? 1 - year : year;
  const leap = astronomical % 4 === 0 && (astronomical % 100 !== 0 || astronomical % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

function validTime(
  hourText: string,
  minute: number,
  second: number,
  fraction: string | undefined,
  shape: DateShape,
): boolean {
  const hour = Number(hourText);
  if (minute > 59 || second > 59 || (fraction ?? '').length > shape.fraction) return false;
  // MariaDB's TIME is a duration of up to ±838 hours; PostgreSQL's time takes 24:00:00 itself
  if (shape.duration) return Math.abs(hour) <= 838 && /^-?\d{2,3}$/.test(hourText);
  if (hourText.length !== 2) return false;
  if (shape.hour24 && hour === 24) return minute === 0 && second === 0 && !/[1-9]/.test(fraction ?? '');
  return hour <= 23;
}
