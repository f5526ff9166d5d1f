import { EntityNotFoundError, In } from 'typeorm';
import { oracle } from '../support/oracle';
import { describeEachDialectInNest } from './support/nest-database';
import { labels, nullsTerm, tail } from '../support/order-terms';
import { publicationsOf, SEEDED_PUBLICATIONS } from './support/publications-service';

describeEachDialectInNest('SequenceRepository findOne / findOneOrFail', SEEDED_PUBLICATIONS, (ctx) => {
  const repo = () => publicationsOf(ctx);

  it('findOne() gives the first row of the order asked for', async () => {
    const [expected] = await oracle(ctx.db, { orderBy: `title DESC, ${tail('DESC')}`, limit: 1 });
    const got = await repo().findOne({ order: { title: 'DESC' } });
    expect(labels([got!])).toEqual([expected]);
  });

  it("findOne() on equal titles: '#' decides, in the direction asked for", async () => {
    const first = await repo().findOne({ where: { title: 'cherry' }, order: { '#': 'ASC' } });
    const last = await repo().findOne({ where: { title: 'cherry' }, order: { '#': 'DESC' } });
    expect(labels([first!, last!])).toEqual(['Book:3', 'Article:3']);
  });

  it('findOne() with a where array and NULLS FIRST', async () => {
    const release = ctx.db.q('release');
    const [expected] = await oracle(ctx.db, {
      where: `t.pages < 5 OR t.title = 'cherry'`,
      orderBy: `${nullsTerm(ctx.db, release, 'DESC', 'NULLS FIRST')}, ${tail('DESC')}`,
      limit: 1,
    });
    const got = await repo().findOne({
      where: [{ pages: In([1, 2, 3, 4]) }, { title: 'cherry' }],
      order: { release: { direction: 'desc', nulls: 'FIRST' } },
    });
    expect(labels([got!])).toEqual([expected]);
    expect(expected).toBe('BlogPost:nul');
  });

  it('findOne() gives null when nothing matches', async () => {
    expect(await repo().findOne({ where: { title: 'no such title' } })).toBeNull();
    expect(await repo().findOneBy({ '#': 1, pages: 250 })).toBeNull();
  });

  it('findOneOrFail() gives the row, or throws TypeORM’s EntityNotFoundError', async () => {
    const got = await repo().findOneOrFail({ where: { title: 'delta' } });
    expect(labels([got])).toEqual(['Article:4']);
    await expect(repo().findOneOrFail({ where: { title: 'no such title' } })).rejects.toBeInstanceOf(
      EntityNotFoundError,
    );
    await expect(repo().findOneByOrFail({ pages: 9999 })).rejects.toThrow(/Book \| Article \| BlogPost/);
  });

  it('findOne() with relations loads them on the row', async () => {
    const got = await repo().findOne({
      where: { title: 'zebra' },
      relations: { author: { publisher: true } },
      order: { '#': 'DESC' },
    });
    expect(labels([got!])).toEqual(['BlogPost:zz']);
    expect([got!.author?.name, got!.author?.publisher?.name]).toEqual(['Émile', 'Penguin']);
  });
});
