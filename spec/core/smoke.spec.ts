import { Article, BlogPost, Book } from '../../entities';
import { SequenceQueryBuilder, sequenceOf } from '../../src';
import { oracle } from '../support/oracle';
import { label, seed } from '../support/seed';
import { describeEachDialect } from '../support/test-database';

describeEachDialect('smoke', (db) => {
  beforeAll(() => seed(db));

  it('orders by title like the database does', async () => {
    const seq = sequenceOf(db.dataSource, [Book, Article, BlogPost]).orderBy('title');
    const got = (await seq.getMany()).map(label);
    const want = await oracle(db, { orderBy: 'title ASC, idx ASC, ipk ASC, spk ASC' });
    expect(got).toEqual(want);
  });

  it('counts', async () => {
    const seq = SequenceQueryBuilder.from(
      db.dataSource.getRepository(Book).createQueryBuilder('b'),
      db.dataSource.getRepository(Article).createQueryBuilder('a'),
    );
    expect(await seq.getCount()).toBe(11);
    console.log(seq.orderBy('release', 'DESC', 'NULLS LAST').skip(2).take(3).getQueries());
  });
});
