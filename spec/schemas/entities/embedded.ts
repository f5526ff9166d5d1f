import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Columns embedded from a plain class. */
export class Stats {
  @Column({ type: 'int' })
  views!: number;

  @Column({ type: 'int', nullable: true })
  likes!: number | null;
}

@Entity('embed_video')
export class Video {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column(() => Stats)
  stats!: Stats;
}

/** The same embedded class under another column prefix. */
@Entity('embed_podcast')
export class Podcast {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column(() => Stats, { prefix: 'st' })
  stats!: Stats;
}
