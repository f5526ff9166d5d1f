import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ALL_ENTITIES, Article, Author, BlogPost, Book, Photo, Sketch, User, Video } from '../../entities';

/** An embedded SQLite database (no server needed) holding a small library of publications. */
export async function openDemoDatabase(file = ':memory:'): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: file,
    entities: ALL_ENTITIES,
    synchronize: true,
  });
  await dataSource.initialize();
  if ((await dataSource.getRepository(Book).count()) === 0) await fillDemoData(dataSource);
  return dataSource;
}

const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);

async function fillDemoData(dataSource: DataSource): Promise<void> {
  const m = dataSource.manager;
  const authors = await m.save(
    Author,
    ['Ada Lovelace', 'Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'].map((name) => ({ name })),
  );
  const pick = <T>(list: T[], i: number) => list[i % list.length];
  await m.save(
    Book,
    ['Notes on the Engine', 'Compilers for Everyone', 'Structured Programming', 'Abstraction', 'The Bug'].map(
      (title, i) => ({
        title,
        release: day(i * 29),
        pages: 180 + i * 40,
        isbn: `978-0-${1000 + i}`,
        author: pick(authors, i),
      }),
    ),
  );
  await m.save(
    Article,
    [
      'Why goto hurts',
      'Data types as contracts',
      'The first debugger',
      'Against premature optimisation',
      'On naming things',
      'Queues and stacks',
    ].map((title, i) => ({
      title,
      release: day(5 + i * 23),
      pages: 4 + i,
      medium: i % 2 ? 'Communications' : 'The Quarterly',
      author: pick(authors, i + 1),
    })),
  );
  await m.save(
    BlogPost,
    ['hello-world', 'sorting-in-sql', 'feeds-across-tables', 'keyset-pagination', 'a-draft'].map((id, i) => ({
      id,
      title: id.replace(/-/g, ' '),
      release: id === 'a-draft' ? null : day(11 + i * 31),
      pages: 1 + i,
      likes: 10 * i,
      author: pick(authors, i + 2),
    })),
  );
  // The gallery: three tables whose `ownerId` foreign-key column sits next to their `owner` relation.
  const [ada, grace] = await m.save(User, [{ username: 'ada' }, { username: 'grace' }]);
  await m.save(Photo, [
    { title: 'The Analytical Engine', taken: day(3), ownerId: ada.id },
    { title: 'Harvard Mark I', taken: day(40), ownerId: grace.id },
  ]);
  await m.save(Sketch, [
    { title: 'Note G, the diagram', taken: day(12), ownerId: ada.id },
    { title: 'A moth in relay 70', taken: day(55), ownerId: grace.id },
  ]);
  await m.save(Video, [
    { title: 'Nanoseconds, by the foot', taken: day(80), ownerId: grace.id },
    { title: 'Weaving algebraic patterns', taken: day(30), ownerId: ada.id },
  ]);
}
