import { Photo, Sketch, User, Video } from '../../entities';
import { sequenceOf, type SequenceQueryBuilder } from '../../src';
import { label } from './seed';
import type { TestDatabase } from './test-database';

/**
 * The 'gallery' fixture: Photo (#0), Sketch (#1), Video (#2), each with a foreign-key column `ownerId`
 * declared next to its `owner` relation, spelled three ways (see the entities). Equal owners and titles
 * across entities (ties) and NULL owners.
 */
export async function seedGallery(db: TestDatabase): Promise<User[]> {
  const m = db.dataSource.manager;
  const users = await m.save(User, [
    { username: 'gal-ann' },
    { username: 'gal-Ben' },
    { username: 'gal-cid' },
  ]);
  const [ann, ben, cid] = users.map((u) => u.id);
  await m.save(Photo, [
    { title: 'sunset', taken: '2021-01-01', ownerId: ann },
    { title: 'harbour', taken: '2022-05-05', ownerId: ben },
    { title: 'fog', taken: null, ownerId: null },
    { title: 'market', taken: '2021-01-01', ownerId: ann },
  ]);
  await m.save(Sketch, [
    { title: 'portrait', taken: '2020-02-02', ownerId: ben },
    { title: 'still life', taken: '2021-01-01', ownerId: null },
    { title: 'harbour', taken: '2023-03-03', ownerId: cid },
  ]);
  await m.save(Video, [
    { title: 'tour', taken: '2022-05-05', ownerId: cid },
    { title: 'fog', taken: '2019-09-09', ownerId: ann },
    { title: 'launch', taken: null, ownerId: ben },
    { title: 'sunset', taken: '2020-02-02', ownerId: null },
  ]);
  return users;
}

export type GalleryItem = Photo | Sketch | Video;

export const gallery = (db: TestDatabase): SequenceQueryBuilder<GalleryItem> =>
  sequenceOf(db.dataSource, [Photo, Sketch, Video]);

const TABLES = [
  { entity: 'Photo', table: 'photo', owner: 'ownerId' },
  { entity: 'Sketch', table: 'sketch', owner: 'owner_id' },
  { entity: 'Video', table: 'video', owner: 'ownerId' },
];

export interface GalleryRow {
  idx: number;
  id: number;
  own: number | null;
  title: string;
  username: string | null;
}

/**
 * The database's own answer: a hand-written UNION ALL of the three tables as `u(idx, id, own, title, taken,
 * username)` (the owner's username by a LEFT JOIN), filtered by `where` and ordered by `orderBy`.
 */
export async function galleryOracle(
  db: TestDatabase,
  query: { where?: string; orderBy: string; limit?: number },
): Promise<GalleryRow[]> {
  const q = (n: string) => db.q(n);
  const branches = TABLES.map(
    (t, idx) =>
      `SELECT ${idx} AS idx, t.id AS id, t.${q(t.owner)} AS own, t.title AS title, t.taken AS taken, ` +
      `o.username AS username FROM ${q(t.table)} t LEFT JOIN ${q('app_user')} o ON o.id = t.${q(t.owner)}`,
  );
  let sql = `SELECT idx, id, own, title, username FROM (${branches.join(' UNION ALL ')}) u`;
  if (query.where) sql += ` WHERE ${query.where}`;
  sql += ` ORDER BY ${query.orderBy}`;
  if (query.limit !== undefined) sql += ` LIMIT ${query.limit}`;
  const rows = await db.query(sql);
  return rows.map((r) => ({
    idx: Number(r.idx),
    id: Number(r.id),
    own: r.own === null ? null : Number(r.own),
    title: r.title,
    username: r.username,
  }));
}

/** `'Photo:3'` labels of the oracle's rows, as `label()` names the sequence's entities. */
export const galleryLabels = (rows: readonly GalleryRow[]): string[] =>
  rows.map((r) => `${TABLES[r.idx].entity}:${r.id}`);

export const labels = (entities: readonly object[]): string[] => entities.map(label);
