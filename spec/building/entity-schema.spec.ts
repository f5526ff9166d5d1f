import 'reflect-metadata';
import { Column, Entity, EntitySchema, IsNull, PrimaryGeneratedColumn } from 'typeorm';
import {
  getSequencedEntities,
  sequenced,
  sequenceIndexOf,
  sequenceOf,
  IncompatibleOrderingError,
  UnknownFieldError,
  InvalidArgumentError,
  UnsupportedOperationError,
} from '../../src';
import { describeEachDialect, type TestDatabase } from '../support/test-database';

interface Note {
  id: number;
  title: string;
  posted: string | null;
}

/** The columns of every schema here: the same fields, so they can share a sequence. */
const COLUMNS = {
  id: { type: Number, primary: true, generated: true },
  title: { type: 'varchar', length: 100 },
  posted: { type: 'date', nullable: true },
} as const;

/** An EntitySchema with no class: TypeORM's metadata target is its name and its rows are plain objects. */
const NoteSchema = new EntitySchema<Note>({
  name: 'Note',
  tableName: 'schema_note',
  columns: COLUMNS,
});

/** An EntitySchema for a plain class: the metadata target is the class. */
class Memo {
  id!: number;
  title!: string;
  posted!: string | null;
}
const MemoSchema = new EntitySchema<Memo>({
  name: 'Memo',
  target: Memo,
  tableName: 'schema_memo',
  columns: COLUMNS,
});

/** A decorated class registered with the function form too. */
@Entity({ name: 'schema_jotting' })
class Jotting {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'date', nullable: true })
  posted!: string | null;
}

/** Same columns, another latestBy: getLatest() without paths must refuse to mix it with the others. */
const DraftSchema = new EntitySchema<Note>({
  name: 'Draft',
  tableName: 'schema_draft',
  columns: COLUMNS,
});

/** Never added to the DataSource. */
const StraySchema = new EntitySchema<Note>({
  name: 'Stray',
  columns: { id: { type: Number, primary: true, generated: true } },
});

sequenced(NoteSchema, { sequence: 'schema-notes', latestBy: 'posted', position: 0 });
sequenced(MemoSchema, { sequence: ['schema-notes', 'schema-memos'], latestBy: 'posted' });
sequenced(Jotting, { sequence: 'schema-notes', latestBy: 'posted' });
sequenced(DraftSchema, { sequence: 'schema-drafts', latestBy: 'title' });
sequenced(StraySchema, { sequence: 'schema-stray' });

/** `#` → entity name in 'schema-notes': Note has position 0, then the rest by name. */
const NAMES = ['Note', 'Jotting', 'Memo'];
const TABLES = ['schema_note', 'schema_jotting', 'schema_memo'];

/** The database's own order of the three tables as `u(idx, id, title, posted)`, labels like `'Memo:2'`. */
async function oracle(db: TestDatabase, orderBy: string, where?: string): Promise<string[]> {
  const branches = TABLES.map(
    (table, idx) =>
      `SELECT ${idx} AS idx, t.id AS id, t.title AS title, t.posted AS posted FROM ${db.q(table)} t`,
  );
  const sql =
    `SELECT idx, id FROM (${branches.join(' UNION ALL ')}) u` +
    (where ? ` WHERE ${where}` : '') +
    ` ORDER BY ${orderBy}`;
  return (await db.query(sql)).map((r) => `${NAMES[Number(r.idx)]}:${Number(r.id)}`);
}

/** Labels of a sequence's rows by the `#` each came from (checked against the row's class below). */
const labels = (rows: readonly object[]) =>
  rows.map((r) => `${NAMES[sequenceIndexOf(r)!]}:${(r as Note).id}`);

describe('sequenced(): registering classes and EntitySchemas', () => {
  test("the 'schema-notes' sequence holds the schemas as registered, positioned first, then by name", () => {
    expect(getSequencedEntities('schema-notes')).toEqual([NoteSchema, Jotting, MemoSchema]);
    expect(getSequencedEntities('schema-memos')).toEqual([MemoSchema]);
  });

  test('a target that is neither a class nor an EntitySchema is refused, naming the argument', () => {
    expect(() => sequenced('Note' as any, { sequence: 'x' })).toThrow(InvalidArgumentError);
    expect(() => sequenced({} as any, { sequence: 'x' })).toThrow(
      /sequenced\(target\).*entity class or an EntitySchema/,
    );
  });

  test('unknown options and bad values are refused before anything is registered', () => {
    expect(() => sequenced(Memo, { sequence: 'schema-bad', latest: 'posted' } as any)).toThrow(
      /unknown option 'latest'/,
    );
    expect(() => sequenced(Memo, { sequence: 'schema-bad', latestBy: 3 } as any)).toThrow(
      /latestBy must be a non-empty string/,
    );
    expect(() => sequenced(Memo, { sequence: [''] })).toThrow(InvalidArgumentError);
    expect(() => sequenced(Memo, { sequence: 'schema-bad', position: 1.5 })).toThrow(RangeError);
    expect(getSequencedEntities('schema-bad')).toEqual([]);
  });
});

describeEachDialect('sequenced() EntitySchemas on a DataSource', (db) => {
  beforeAll(async () => {
    await db.close();
    await db.open([NoteSchema, MemoSchema, Jotting, DraftSchema]);
    const m = db.dataSource.manager;
    await m.save(NoteSchema, [
      { title: 'n-apple', posted: '2021-01-01' },
      { title: 'dup', posted: null },
      { title: 'n-cherry', posted: '2023-03-03' },
    ]);
    await m.save(Jotting, [
      { title: 'j-banana', posted: '2021-01-01' },
      { title: 'dup', posted: '2020-02-02' },
    ]);
    await m.save(MemoSchema, [
      { title: 'm-date', posted: '2023-03-03' },
      { title: 'dup', posted: null },
      { title: 'm-elder', posted: '2019-09-09' },
    ]);
    await m.save(DraftSchema, [{ title: 'draft', posted: null }]);
  });

  test("sequenceOf(ds, 'schema-notes') orders the three entities in the database; each row is of its kind", async () => {
    const rows = await sequenceOf(db.dataSource, 'schema-notes').orderBy('posted', 'DESC').getMany();
    expect(labels(rows)).toEqual(await oracle(db, 'posted DESC, idx DESC, id DESC'));
    for (const row of rows) {
      const kind = NAMES[sequenceIndexOf(row)!];
      if (kind === 'Note') expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      if (kind === 'Memo') expect(row).toBeInstanceOf(Memo);
      if (kind === 'Jotting') expect(row).toBeInstanceOf(Jotting);
      const own = await db.dataSource.manager.findOneByOrFail(
        { Note: NoteSchema, Memo: MemoSchema, Jotting }[kind]! as any,
        { id: row.id },
      );
      expect(row).toEqual(own);
    }
  });

  test('filters, counts, pages and values over the schemas', async () => {
    const seq = sequenceOf(db.dataSource, 'schema-notes').where({ posted: IsNull() });
    expect(await seq.getCount()).toBe(2);
    const byTitle = sequenceOf(db.dataSource, 'schema-notes').orderBy('title');
    const expected = await oracle(db, 'title ASC, idx ASC, id ASC');
    expect(labels(await byTitle.skip(2).take(3).getMany())).toEqual(expected.slice(2, 5));
    const page = await byTitle.paginate({ first: 4 });
    const next = await byTitle.paginate({ first: 4, after: page.pageInfo.endCursor! });
    expect(labels([...page.items, ...next.items])).toEqual(expected);
    const values = await byTitle.getValues('#', 'title');
    expect(values.map((v) => `${NAMES[v['#']]}:${v.title}`)).toEqual(
      (
        await db.query(
          `SELECT idx, title FROM (${TABLES.map((t, i) => `SELECT ${i} AS idx, t.id AS id, t.title AS title FROM ${db.q(t)} t`).join(' UNION ALL ')}) u ORDER BY title, idx, id`,
        )
      ).map((r) => `${NAMES[Number(r.idx)]}:${r.title}`),
    );
  });

  test('getLatest() / getEarliest() without paths use the latestBy registered by sequenced()', async () => {
    const [latest] = await oracle(db, 'posted DESC, idx DESC, id DESC', 'posted IS NOT NULL');
    const [earliest] = await oracle(db, 'posted ASC, idx ASC, id ASC', 'posted IS NOT NULL');
    const seq = sequenceOf(db.dataSource, 'schema-notes');
    expect(labels([await seq.getLatest()])).toEqual([latest]);
    expect(labels([await seq.getEarliest()])).toEqual([earliest]);
  });

  test('getLatest() refuses entities that disagree, naming the schemas', async () => {
    const mixed = sequenceOf(db.dataSource, [NoteSchema, DraftSchema]);
    await expect(mixed.getLatest()).rejects.toThrow(IncompatibleOrderingError);
    await expect(mixed.getLatest()).rejects.toThrow(/Note has latestBy \[posted\] but Draft has \[title\]/);
  });

  test('errors, getQueries() and contains() name and find the entities by their schema', async () => {
    const seq = sequenceOf(db.dataSource, 'schema-notes');
    expect(() => seq.orderBy('nope' as any)).toThrow(UnknownFieldError);
    expect(() => seq.orderBy('nope' as any)).toThrow(/Unknown field 'nope' on Note/);
    await expect(seq.where({ title: 'none' }).getOneOrFail()).rejects.toThrow(/Note \| Jotting \| Memo/);
    expect(
      sequenceOf(db.dataSource, [NoteSchema])
        .getQueries()
        .map((q) => q.entity),
    ).toEqual(['Note']);
    expect(
      sequenceOf(db.dataSource, [MemoSchema])
        .getQueries()
        .map((q) => q.entity),
    ).toEqual(['Memo']);
    const [note, jotting, memo] = [
      await sequenceOf(db.dataSource, [NoteSchema]).getFirst(),
      await sequenceOf(db.dataSource, [Jotting]).getFirst(),
      await sequenceOf(db.dataSource, [MemoSchema]).getFirst(),
    ];
    for (const row of [note, jotting, memo]) expect(await seq.contains(row!)).toBe(true);
    expect(await seq.contains({ id: 999, title: 'x', posted: null })).toBe(false);
    expect(await sequenceOf(db.dataSource, [MemoSchema]).contains(note!)).toBe(false);
  });

  test('an EntitySchema missing from the DataSource is named in the error', () => {
    expect(() => sequenceOf(db.dataSource, 'schema-stray')).toThrow(UnsupportedOperationError);
    expect(() => sequenceOf(db.dataSource, 'schema-stray')).toThrow(
      /^Stray is not an entity of this DataSource/,
    );
  });

  test('update() reports rows by schema name, all three entities in one call', async () => {
    const counts = await db.query(
      TABLES.map((t) => `SELECT COUNT(*) AS n FROM ${db.q(t)} WHERE title = 'dup'`).join(' UNION ALL '),
    );
    const result = await sequenceOf(db.dataSource, 'schema-notes')
      .where({ title: 'dup' })
      .update({ title: 'dup2' });
    expect(result.byEntity).toEqual({
      Note: Number(counts[0].n),
      Jotting: Number(counts[1].n),
      Memo: Number(counts[2].n),
    });
    expect(await sequenceOf(db.dataSource, 'schema-notes').where({ title: 'dup2' }).getCount()).toBe(3);
  });
});
