import { Like, ILike, MoreThan, Raw, Not, In, IsNull } from 'typeorm';
import { sequenceOf } from '../../src';
import { describeEachDialect } from '../support/test-database';
import { seed, label } from '../support/seed';
import { oracle } from '../support/oracle';

describeEachDialect('scratch', (db) => {
  beforeAll(() => seed(db));
  it('explores', async () => {
    const seq = sequenceOf(db.dataSource, 'publications');
    const show = async (name: string, s: any) => {
      try {
        const { result, queries } = await db.counted(() => s.getMany());
        console.log(db.dialect, name, (result as any[]).map(label), queries.length);
      } catch (e) {
        console.log(db.dialect, name, 'ERR', (e as Error).message);
      }
    };
    await show('like', seq.where({ title: Like('a%') }).orderBy('title'));
    await show('ilike', seq.where({ title: ILike('a%') }).orderBy('title'));
    await show('raw', seq.where({ pages: Raw((a) => `${a} > :n`, { n: 100 }) }).orderBy('title'));
    await show('not', seq.where({ release: Not('2020-01-01') }).orderBy('title'));
    await show('isnull', seq.where({ release: IsNull() }).orderBy('title'));
    await show('in', seq.where({ pages: In([2, 5]) }).orderBy('title'));
    await show('author', seq.where({ author: { name: 'Alice' } }).orderBy('title'));
    await show('pub', seq.where({ author: { publisher: { name: 'Penguin' } } }).orderBy('title'));
    await show('tags', seq.where({ tags: { name: 'django' } }).orderBy('title'));
    await show('tags2', seq.where({ tags: { name: In(['orm', 'sql']) } }).orderBy('title'));
    await show('excl', seq.exclude({ release: '2020-01-01' }).orderBy('title'));
    await show('excl-author', seq.exclude({ author: { name: 'Alice' } }).orderBy('title'));
    await show('excl-tags', seq.exclude({ tags: { name: 'django' } }).orderBy('title'));
    await show('idx', seq.where({ '#': 1 }).orderBy('title'));
    await show('inj', seq.where({ title: "x' OR 1=1 --" }).orderBy('title'));
    console.log(seq.where({ title: "x' OR 1=1 --" }).getQueries());
    console.log(await oracle(db, { where: "t.title LIKE 'a%'", orderBy: 'title, idx, ipk, spk' }));
    console.log(await seq.where({ tags: { name: In(['orm', 'sql']) } }).getCount());
  });
});
