import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { InvalidCursorError } from '../errors';
import type { Position } from '../planning/seek';
import type { SortSource } from '../model/member-sort-key';
import { INDEX_COLUMN, type SortPlan } from '../planning/sort-plan';
import { cursorValueProblem } from './cursor-values';

const VERSION = 1;
const MAX_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * What a cursor is tied to: the builders (their `#` and entity) and the total order. A cursor made under
 * another ordering or another sequence is foreign and refused.
 */
export function orderingFingerprint(plan: SortPlan, entities: ReadonlyMap<number, string>): string {
  const shape = {
    entities: [...entities],
    columns: plan.columns.map((c) => [c.name, c.order, c.nulls ?? '']),
    // which field each key is, per builder: orderBy('title') and orderBy('pages') share column names
    sources: [...plan.sources].map(([index, sources]) => [
      index,
      [...sources].map(([name, s]) => [name, describe(s)]),
    ]),
  };
  return createHash('sha256').update(JSON.stringify(shape)).digest('base64url').slice(0, 16);
}

function describe(source: SortSource): string {
  if (source.kind === 'index') return '#';
  if (source.kind === 'raw') return source.sql;
  return `${source.joinPath}:${source.column.entityMetadata.name}.${source.column.propertyPath}`;
}

function sign(payload: string, secret: string | Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** An opaque, versioned cursor: base64url JSON of the position, with an HMAC when a secret is given. */
export function encodeCursor(position: Position, fingerprint: string, secret?: string | Buffer): string {
  const payload = Buffer.from(JSON.stringify({ v: VERSION, f: fingerprint, p: position })).toString(
    'base64url',
  );
  return secret ? `${payload}.${sign(payload, secret)}` : payload;
}

/** The position a cursor stands for; InvalidCursorError (an API's 400) for anything malformed, tampered or foreign. */
export function decodeCursor(
  cursor: unknown,
  fingerprint: string,
  plan: SortPlan,
  dataSources: ReadonlyMap<number, DataSource>,
  secret?: string | Buffer,
): Position {
  if (typeof cursor !== 'string' || cursor.length === 0)
    throw new InvalidCursorError('a cursor must be a non-empty string');
  if (cursor.length > MAX_LENGTH) throw new InvalidCursorError('too long');
  const [payload, signature, ...rest] = cursor.split('.');
  if (
    rest.length > 0 ||
    !BASE64URL.test(payload) ||
    (signature !== undefined && !BASE64URL.test(signature))
  ) {
    throw new InvalidCursorError('malformed');
  }
  if (secret) {
    const expected = Buffer.from(sign(payload, secret));
    const given = Buffer.from(signature ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new InvalidCursorError('the signature does not match (tampered, or made with another secret)');
    }
  } else if (signature !== undefined) {
    throw new InvalidCursorError('the cursor is signed but no secret was given to verify it');
  }
  let decoded: any;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('malformed');
  }
  if (!decoded || typeof decoded !== 'object' || decoded.v !== VERSION)
    throw new InvalidCursorError('unknown version');
  if (decoded.f !== fingerprint) {
    throw new InvalidCursorError('it was made for another ordering or another sequence');
  }
  return checkPosition(decoded.p, plan, dataSources);
}

function checkPosition(
  position: unknown,
  plan: SortPlan,
  dataSources: ReadonlyMap<number, DataSource>,
): Position {
  if (!position || typeof position !== 'object' || Array.isArray(position))
    throw new InvalidCursorError('malformed');
  const values = position as Record<string, unknown>;
  const index = values[INDEX_COLUMN];
  if (typeof index !== 'number' || !plan.sources.has(index)) throw new InvalidCursorError('unknown builder');
  const own = plan.sources.get(index)!;
  const expected = plan.columns.filter((c) => c.shared || own.has(c.name)).map((c) => c.name);
  const keys = Object.keys(values);
  if (keys.length !== expected.length || !expected.every((name) => keys.includes(name))) {
    throw new InvalidCursorError('its keys do not match the ordering');
  }
  for (const key of keys) {
    if (key === INDEX_COLUMN) continue;
    const source = own.get(key);
    const column = source && source.kind !== 'index' ? source.column : undefined;
    const compared = plan.keyTypes.get(index)?.get(key);
    const problem = cursorValueProblem(
      values[key],
      column,
      dataSources.get(index)!,
      compared?.cast ? compared.param : undefined,
    );
    if (problem) {
      const field = column ? `${column.entityMetadata.name}.${column.propertyPath}` : key;
      throw new InvalidCursorError(
        `the value for ${field} ${problem}; pass a cursor that this sequence's paginate() returned`,
      );
    }
  }
  return values;
}
