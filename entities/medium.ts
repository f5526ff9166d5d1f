import { Column, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Story } from './story';

@Entity()
export class Medium {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 30, unique: true })
  name!: string;

  @ManyToMany(() => Story)
  @JoinTable({ name: 'medium_stories' })
  stories!: Story[];
}
