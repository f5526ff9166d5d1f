import 'reflect-metadata';
import {
  AfterLoad,
  Column,
  Entity,
  In,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  RelationId,
} from 'typeorm';
import { sequenceOf } from '../../src';
import { CARRY_MAX_SKIP } from '../../src/planning/carried-columns';
import { microsecondTimestamp } from '../support/column-types';
import { availableDialects, type DialectName } from '../support/dialects';
import { TestDatabase } from '../support/test-database';

/**
 * A shallow page's key query carries its rows' entity columns, hydrated by TypeORM's own transformer.
 * Every entity must come out exactly as TypeORM's getMany() gives it, whatever the column types, and
 * builders that need more than columns (@RelationId, an enum PostgreSQL cannot name in a NULL cast) are
 * loaded by primary key instead.
 */
function carryEntities(dialect: DialectName) {
  const at = microsecondTimestamp(dialect);

  class Size {
    @Column({ type: 'int', default: 0 })
    width!: number;

    @Column({ type: 'int', default: 0 })
    height!: number;
  }

  @Entity('carry_maker')
  class Maker {
    @PrimaryGeneratedColumn()
    id!: number;

    @Column({ type: 'varchar', length: 40 })
    name!: string;
  }

  @Entity('carry_gadget')
  class Gadget {
    @PrimaryGeneratedColumn()
    id!: number;

    @Column({ type: 'varchar', length: 40 })
    name!: string;

    @Column({ type: 'boolean', default: false })
    active!: boolean;

    @Column({ type: 'bigint', nullable: true })
    big!: string | null;

    @Column({ type: 'decimal', precision: 10, scale: 2, nullable: true })
    price!: string | null;

    @Column({ type: 'float', nullable: true })
    ratio!: number | null;

    @Column(at)
    seen!: Date | null;

    @Column({ type: 'date', nullable: true })
    day!: string | null;

    @Column({ type: 'simple-json', nullable: true })
    meta!: { tags: string[] } | null;

    @Column({ type: 'simple-array', nullable: true })
    labels!: string[] | null;

    @Column({
      type: 'varchar',
      length: 20,
      nullable: true,
      transformer: {
        to: (v?: string | null) => v?.toLowerCase(),
        from: (v: string | null) => v?.toUpperCase(),
      },
    })
    code!: string | null;

    @Column({ type: 'varchar', length: 20, nullable: true, select: false })
    secret?: string | null;

    @Column(() => Size)
    size!: Size;

    @ManyToOne(() => Maker, { nullable: true })
    maker!: Maker | null;

    /** Set by @AfterLoad: TypeORM's getMany() calls listeners, so a carried page must too. */
    loaded?: string;

    @AfterLoad()
    markLoaded() {
      this.loaded = `loaded ${this.name}`;
    }
  }

  @Entity('carry_widget')
  class Widget {
    @PrimaryColumn({ type: 'varchar', length: 20 })
    id!: string;

    @Column({ type: 'varchar', length: 40 })
    name!: string;

    /** Other precision than Gadget.price: the two must not share a column where UNION would convert. */
    @Column({ type: 'decimal', precision: 12, scale: 4, nullable: true })
    price!: string | null;

    @Column({ type: 'simple-enum', enum: ['small', 'large'], default: 'small' })
    kind!: 'small' | 'large';

    @ManyToOne(() => Maker, { nullable: true })
    maker!: Maker | null;
  }

  @Entity('carry_gizmo')
  class Gizmo {
    @PrimaryGeneratedColumn()
    id!: number;

    @Column({ type: 'varchar', length: 40 })
    name!: string;

    @ManyToOne(() => Maker, { nullable: true })
    maker!: Maker | null;

    @RelationId((g: Gizmo) => g.maker)
    makerId!: number | null;
  }
  return { Maker, Gadget, Widget, Gizmo };
}

for (const dialect of availableDialects()) {
  describe(`carried entity columns [${dialect}]`, () => {
    const { Maker, Gadget, Widget, Gizmo } = carryEntities(dialect);
    const db = new TestDatabase(dialect);
    const all = () => sequenceOf(db.dataSource, [Gadget, Widget, Gizmo]).orderBy('name');
    /** Entities carried on this database: an enum needs a named type in PostgreSQL's NULL cast. */
    const carried = dialect === 'postgres' ? ['Gadget'] : ['Gadget', 'Widget'];

    beforeAll(async () => {
      await db.open([Maker, Gadget, Widget, Gizmo]);
      const makers = await db.dataSource.getRepository(Maker).save([{ name: 'Acme' }, { name: 'Bolt' }]);
      await db.dataSource.getRepository(Gadget).save([
        {
          name: 'a gadget',
          active: true,
          big: '9007199254740993',
          price: '12.50',
          ratio: 0.25,
          seen: new Date('2024-03-10T12:34:56.789Z'),
          day: '2024-03-10',
          meta: { tags: ['x', 'y'] },
          labels: ['red', 'green'],
          code: 'MiXeD',
          secret: 'hidden',
          size: { width: 3, height: 4 },
          maker: makers[0],
        },
        { name: 'c gadget', size: { width: 0, height: 0 } },
      ]);
      await db.dataSource.getRepository(Widget).save([
        { id: 'w1', name: 'b widget', price: '1.5000', kind: 'large', maker: makers[1] },
        { id: 'w2', name: 'd widget', price: null },
      ]);
      await db.dataSource.getRepository(Gizmo).save([
        { name: 'b gizmo', maker: makers[0] },
        { name: 'e gizmo', maker: null },
      ]);
      // Enough rows to page past the depth up to which pages carry columns.
      const extra = Array.from({ length: CARRY_MAX_SKIP + 5 }, (_, i) => ({
        name: `z${String(i).padStart(5, '0')}`,
        size: { width: i, height: 1 },
      }));
      for (let i = 0; i < extra.length; i += 200) {
        await db.dataSource.getRepository(Gadget).insert(extra.slice(i, i + 200));
      }
    });
    afterAll(() => db.close());

    /** What TypeORM's own getMany() gives for each row of a page, with the same joins. */
    async function typeormEntities(page: object[], join?: 'maker') {
      return Promise.all(
        page.map(async (entity) => {
          const qb = db.dataSource.getRepository(entity.constructor as any).createQueryBuilder('x');
          if (join) qb.leftJoinAndSelect(`x.${join}`, join);
          return qb.whereInIds([(entity as any).id]).getOneOrFail();
        }),
      );
    }

    it('a carried page gives exactly the entities getMany() gives: every column type, embedded, transformer, select: false, @AfterLoad', async () => {
      const page = await all().take(6).getMany();
      expect(page.map((e) => `${e.constructor.name}:${(e as any).name}`)).toEqual([
        'Gadget:a gadget',
        'Gizmo:b gizmo',
        'Widget:b widget',
        'Gadget:c gadget',
        'Widget:d widget',
        'Gizmo:e gizmo',
      ]);
      expect(page).toStrictEqual(await typeormEntities(page));
      const gadget = page[0] as InstanceType<typeof Gadget>;
      expect(gadget.loaded).toBe('loaded a gadget');
      expect(gadget.code).toBe('MIXED');
      expect('secret' in gadget).toBe(false);
      expect((page[1] as InstanceType<typeof Gizmo>).makerId).toEqual(expect.any(Number));
    });

    it('runs one statement for the carried builders and one load for each builder that is not', async () => {
      const seq = all().take(6);
      const loaded = ['Gadget', 'Widget', 'Gizmo'].filter((name) => !carried.includes(name));
      expect(seq.getQueries().map((q) => q.entity)).toEqual(['*', ...loaded]);
      const { queries } = await db.counted(() => seq.getMany());
      expect(queries).toHaveLength(1 + loaded.length);
    });

    it('selected to-one joins are carried too, and equal what getMany() joins', async () => {
      const seq = sequenceOf(db.dataSource, [Gadget, Widget])
        .leftJoinAndSelect('maker')
        .orderBy('name')
        .take(4);
      const { result, queries } = await db.counted(() => seq.getMany());
      expect(result).toStrictEqual(await typeormEntities(result, 'maker'));
      expect((result[0] as any).maker?.name).toBe('Acme');
      expect(queries).toHaveLength(dialect === 'postgres' ? 2 : 1);
    });

    it('select(paths) gives the same partial entities carried as TypeORM does for that selection', async () => {
      const page = await sequenceOf(db.dataSource, [Gadget, Widget])
        .select(['name', 'price'])
        .orderBy('name')
        .take(4)
        .getMany();
      const expected = await Promise.all(
        page.map((entity) =>
          db.dataSource
            .getRepository(entity.constructor as any)
            .createQueryBuilder('x')
            .select(['x.id', 'x.name', 'x.price'])
            .whereInIds([(entity as any).id])
            .getOneOrFail(),
        ),
      );
      expect(page).toStrictEqual(expected);
    });

    it(`pages up to ${CARRY_MAX_SKIP} rows deep carry; deeper ones load by primary key, with the same rows`, async () => {
      const gadgets = sequenceOf(db.dataSource, [Gadget]).orderBy('name');
      const names = (await db.dataSource.getRepository(Gadget).find({ order: { name: 'ASC' } })).map(
        (g) => g.name,
      );
      for (const [skip, statements] of [
        [CARRY_MAX_SKIP, 1],
        [CARRY_MAX_SKIP + 1, 2],
      ]) {
        const { result, queries } = await db.counted(() => gadgets.skip(skip).take(3).getMany());
        expect(result.map((g) => g.name)).toEqual(names.slice(skip, skip + 3));
        expect(result).toStrictEqual(await typeormEntities(result));
        expect(queries).toHaveLength(statements);
      }
    });

    it('stream() and paginate() hydrate carried rows the same way', async () => {
      const seq = sequenceOf(db.dataSource, [Gadget, Widget, Gizmo])
        .where({ name: In(['a gadget', 'b widget', 'b gizmo', 'c gadget']) })
        .orderBy('name');
      const streamed: object[] = [];
      for await (const entity of seq.stream({ batchSize: 3 })) streamed.push(entity);
      expect(streamed).toStrictEqual(await typeormEntities(streamed));
      const { items } = await seq.paginate({ first: 4 });
      expect(items).toStrictEqual(streamed);
    });
  });
}
