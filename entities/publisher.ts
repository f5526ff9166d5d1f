import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ orderBy: { name: 'ASC' } })
export class Publisher {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;
}
