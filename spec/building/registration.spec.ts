import { Article, BlogPost, Book } from '../../entities';
import { getSequencedEntities, Sequenced, sequenceIndexOf, sequenceOf } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

// Plain classes, registered only with @Sequenced under sequence names no other spec uses. Declared in
// an order that is neither the expected `#` order nor alphabetical, so a registry that kept
// declaration (import) order would fail.
@Sequenced({ sequence: 'building-reg-order' })
class Zulu {}
@Sequenced({ sequence: 'building-reg-order', position: 10 })
class Ten {}
@Sequenced({ sequence: 'building-reg-order' })
class Mike {}
@Sequenced({ sequence: 'building-reg-order', position: 2 })
class Two {}
@Sequenced({ sequence: 'building-reg-order' })
class Alpha {}
@Sequenced({ sequence: 'building-reg-order', position: -1 })
class MinusOne {}

@Sequenced({ sequence: 'building-reg-only-names' })
class Yankee {}
@Sequenced({ sequence: 'building-reg-only-names' })
class Bravo {}
@Sequenced({ sequence: 'building-reg-only-names' })
class Kilo {}

@Sequenced({ sequence: 'building-reg-left', position: 5 })
class LeftOnly {}
@Sequenced({ sequence: ['building-reg-left', 'building-reg-right'], position: 1 })
class Shared {}
@Sequenced({ sequence: 'building-reg-right' })
class Aardvark {}
@Sequenced({ sequence: 'building-reg-right', position: 0 })
class RightFirst {}

// Two entities with the same position: only the class name can order them without import order.
@Sequenced({ sequence: 'building-reg-tie', position: 3 })
class ZedTied {}
@Sequenced({ sequence: 'building-reg-tie', position: 3 })
class AbeTied {}
@Sequenced({ sequence: 'building-reg-tie', position: 1 })
class OneTied {}

const names = (entities: Function[]) => entities.map((e) => e.name);

describe('@Sequenced and getSequencedEntities', () => {
  test("the fixture's 'publications' sequence is Book, Article, BlogPost", () => {
    expect(getSequencedEntities('publications')).toEqual([Book, Article, BlogPost]);
  });

  test("the fixture's 'feed' sequence is Article, BlogPost (no position on BlogPost: after Article)", () => {
    expect(getSequencedEntities('feed')).toEqual([Article, BlogPost]);
  });

  test('entities with a position come first, by numeric position, then the rest by class name', () => {
    // 10 after 2: positions compare as numbers, not as strings.
    expect(names(getSequencedEntities('building-reg-order'))).toEqual([
      'MinusOne',
      'Two',
      'Ten',
      'Alpha',
      'Mike',
      'Zulu',
    ]);
    expect(getSequencedEntities('building-reg-order')).toEqual([MinusOne, Two, Ten, Alpha, Mike, Zulu]);
  });

  test('without positions the order is by class name, not declaration order', () => {
    expect(getSequencedEntities('building-reg-only-names')).toEqual([Bravo, Kilo, Yankee]);
  });

  test('entities with the same position are ordered by class name, not declaration order', () => {
    expect(getSequencedEntities('building-reg-tie')).toEqual([OneTied, AbeTied, ZedTied]);
  });

  test('an entity in several sequences takes its place in each of them', () => {
    expect(getSequencedEntities('building-reg-left')).toEqual([Shared, LeftOnly]);
    expect(getSequencedEntities('building-reg-right')).toEqual([RightFirst, Shared, Aardvark]);
    expect(getSequencedEntities('publications')).toContain(Article);
    expect(getSequencedEntities('feed')).toContain(Article);
  });

  test('an unknown sequence name lists no entity', () => {
    expect(getSequencedEntities('building-reg-no-such-sequence')).toEqual([]);
  });

  test('the returned list is a copy: changing it does not change the registry', () => {
    const list = getSequencedEntities('building-reg-only-names');
    list.reverse();
    list.push(Zulu);
    expect(getSequencedEntities('building-reg-only-names')).toEqual([Bravo, Kilo, Yankee]);
  });
});

describeEachDialect('named sequences on a DataSource', (db) => {
  beforeAll(() => seed(db));

  test("sequenceOf(ds, 'publications') gives Book #0, Article #1, BlogPost #2", async () => {
    const rows = await sequenceOf(db.dataSource, 'publications').orderBy('pages').getMany();
    expect(rows.map(label)).toEqual(await oracle(db, { orderBy: 'pages, idx, ipk, spk' }));
    const indexes = new Map(rows.map((row) => [row.constructor.name, sequenceIndexOf(row)]));
    expect(Object.fromEntries(indexes)).toEqual({ Book: 0, Article: 1, BlogPost: 2 });
  });

  test("sequenceOf(ds, 'feed') gives Article #0 and BlogPost #1", async () => {
    const rows = await sequenceOf(db.dataSource, 'feed').orderBy('pages', 'DESC').getMany();
    expect(rows.map(label)).toEqual(
      await oracle(db, { tables: [1, 2], orderBy: 'pages DESC, idx DESC, ipk DESC, spk DESC' }),
    );
    const indexes = new Map(rows.map((row) => [row.constructor.name, sequenceIndexOf(row)]));
    expect(Object.fromEntries(indexes)).toEqual({ Article: 0, BlogPost: 1 });
  });
});
