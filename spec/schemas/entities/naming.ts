import { Column, DefaultNamingStrategy, Entity, PrimaryColumn, type NamingStrategyInterface } from 'typeorm';

const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** snake_case tables and columns (`ReleaseNote.viewCount` → `release_note.view_count`). */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  tableName(className: string, customName?: string): string {
    return customName ?? snake(className);
  }

  columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return customName ?? snake([...prefixes, propertyName].join('_'));
  }

  joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }
}

/** Camel-case properties, tables named by the strategy; the primary key has a camel-case name too. */
@Entity()
export class ReleaseNote {
  @PrimaryColumn({ type: 'int' })
  noteId!: number;

  @Column({ type: 'int', nullable: true })
  viewCount!: number | null;
}

@Entity()
export class ChangeLog {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', nullable: true })
  viewCount!: number | null;
}

/** `@Column({ name })`: the same property under two different column names. */
@Entity('named_score')
export class NamedScore {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', name: 'score_value', nullable: true })
  score!: number | null;
}

@Entity('named_points')
export class NamedPoints {
  @PrimaryColumn({ type: 'int', name: 'points_id' })
  id!: number;

  @Column({ type: 'int', name: 'pts', nullable: true })
  score!: number | null;
}
