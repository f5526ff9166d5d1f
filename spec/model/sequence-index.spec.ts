import { markSequenceIndex } from '../../src/model/sequence-index';
import { sequenceIndexOf } from '../../src';

class Book {
  id = 1;
  title = 'Dune';
}

describe('the # mark on returned entities (pure: no database; the specs of every terminal method check it on real pages)', () => {
  it('is read back, and is invisible to JSON, Object.keys, for…in, spread, Object.assign and toStrictEqual', () => {
    const entity = new Book();
    markSequenceIndex(entity, 2);
    expect(sequenceIndexOf(entity)).toBe(2);
    expect(JSON.stringify(entity)).toBe('{"id":1,"title":"Dune"}');
    expect(Object.keys(entity)).toEqual(['id', 'title']);
    const inKeys: string[] = [];
    for (const key in entity) inKeys.push(key);
    expect(inKeys).toEqual(['id', 'title']);
    expect(Object.getOwnPropertySymbols({ ...entity })).toEqual([]);
    expect(Object.getOwnPropertySymbols(Object.assign({}, entity))).toEqual([]);
    expect(entity).toStrictEqual(new Book());
    // a copy is not a returned entity
    expect(sequenceIndexOf({ ...entity })).toBeUndefined();
  });

  it('a frozen or sealed entity (an @AfterLoad listener may freeze it) still gets its #', () => {
    const frozen = Object.freeze(new Book());
    const sealed = Object.seal(new Book());
    markSequenceIndex(frozen, 1);
    markSequenceIndex(sealed, 3);
    expect(sequenceIndexOf(frozen)).toBe(1);
    expect(sequenceIndexOf(sealed)).toBe(3);
    expect(Object.isFrozen(frozen)).toBe(true);
  });

  it('marking again (the same object returned by another sequence) replaces the #', () => {
    const entity = new Book();
    markSequenceIndex(entity, 0);
    markSequenceIndex(entity, 4);
    expect(sequenceIndexOf(entity)).toBe(4);
  });

  it('anything no sequence returned has none', () => {
    expect(sequenceIndexOf(new Book())).toBeUndefined();
    expect(sequenceIndexOf(null as unknown as object)).toBeUndefined();
    expect(sequenceIndexOf(42 as unknown as object)).toBeUndefined();
  });
});
