import { ChildEntity, Column, Entity, PrimaryColumn, TableInheritance } from 'typeorm';

/** Single-table inheritance: the children are the sequence's members, sharing one table. */
@Entity('sti_content')
@TableInheritance({ column: { type: 'varchar', length: 10, name: 'kind' } })
export class Content {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', nullable: true })
  score!: number | null;
}

@ChildEntity('note')
export class Note extends Content {
  @Column({ type: 'varchar', length: 20, nullable: true })
  body!: string | null;
}

@ChildEntity('clip')
export class Clip extends Content {
  @Column({ type: 'int', nullable: true })
  seconds!: number | null;
}
