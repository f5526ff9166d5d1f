import { Column, Entity, EntitySchema, PrimaryColumn } from 'typeorm';

export interface SchemaRow {
  id: number;
  title: string;
  rank: number | null;
}

/** An `EntitySchema` entity with no class: TypeORM hydrates plain objects. */
export const SchemaRowEntity = new EntitySchema<SchemaRow>({
  name: 'SchemaRow',
  tableName: 'schema_row',
  columns: {
    id: { type: 'int', primary: true },
    title: { type: 'varchar', length: 20 },
    rank: { type: 'int', nullable: true },
  },
});

/** A decorated class with the same fields. */
@Entity('schema_class_row')
export class ClassRow {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'varchar', length: 20 })
  title!: string;

  @Column({ type: 'int', nullable: true })
  rank!: number | null;
}
