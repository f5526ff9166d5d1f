import fc from 'fast-check';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DialectName } from '../support/dialects';
import { KEYS, KINDS, KINDS_OF, type Family, type KeyKind, type KindName } from './column-kinds';

/** The value columns every generated entity has (the sequence's common fields). */
export const SLOTS = ['c0', 'c1'] as const;
export type Slot = (typeof SLOTS)[number];

export interface EntityShape {
  key: KeyKind;
  columns: Record<Slot, { kind: KindName; nullable: boolean }>;
}

/** Two entities whose columns `c0`, `c1` are of one family each, of the same or different kinds. */
export type PairShape = [EntityShape, EntityShape];

const slotShape = (family: Family) =>
  fc.tuple(
    fc.record({ kind: fc.constantFrom(...KINDS_OF[family]), nullable: fc.boolean() }),
    fc.record({ kind: fc.constantFrom(...KINDS_OF[family]), nullable: fc.boolean() }),
  );

const families = fc.constantFrom<Family>(
  'number',
  'number',
  'string',
  'string',
  'date',
  'date',
  'boolean',
  'uuid',
);

export const pairShape: fc.Arbitrary<PairShape> = fc
  .record({
    keys: fc.tuple(
      fc.constantFrom<KeyKind>('int', 'varchar', 'uuid'),
      fc.constantFrom<KeyKind>('int', 'varchar', 'uuid'),
    ),
    c0: families.chain(slotShape),
    c1: families.chain(slotShape),
  })
  .map(
    ({ keys, c0, c1 }) =>
      [0, 1].map((i) => ({ key: keys[i], columns: { c0: c0[i], c1: c1[i] } })) as PairShape,
  );

/** `'int+varchar? | decimal+text'`: a shape in one line, for test titles and reproductions. */
export const describePair = (pair: PairShape): string =>
  pair
    .map(
      (e, i) =>
        `E${i}(id ${e.key}, ` +
        SLOTS.map((s) => `${s} ${e.columns[s].kind}${e.columns[s].nullable ? ' null' : ''}`).join(', ') +
        ')',
    )
    .join(' + ');

/**
 * Makes the entity classes of a shape. TypeORM reads its decorators when they run, so the classes are
 * made at run time and the decorators applied as functions, in the order a class body would run them.
 */
export function makeEntities(pair: PairShape, dialect: DialectName, tag: string): Function[] {
  return pair.map((shape, i) => {
    const name = `E${i}`;
    const cls = { [name]: class {} }[name];
    PrimaryColumn(KEYS[shape.key].column)(cls.prototype, 'id');
    for (const slot of SLOTS) {
      const { kind, nullable } = shape.columns[slot];
      Column({ ...KINDS[kind].column(dialect), nullable })(cls.prototype, slot);
    }
    Entity(`diff_${tag}_e${i}`)(cls);
    return cls;
  });
}
