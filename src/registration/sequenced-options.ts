import type { EntitySchema } from 'typeorm';

/**
 * The options of {@link Sequenced | @Sequenced} and {@link sequenced}; all optional, no other key allowed.
 */
export interface SequencedOptions {
  /** Named sequence(s) the entity belongs to. */
  sequence?: string | string[];
  /** Default property path(s) for `getLatest()` / `getEarliest()` (Django's `get_latest_by`). */
  latestBy?: string | string[];
  /** The entity's `#` in named sequences: positioned entities first, by position, then the rest by class name. */
  position?: number;
}

/**
 * What can be registered: an entity class, or an `EntitySchema` (with or without a `target` class).
 */
export type SequencedTarget = Function | EntitySchema<any>;

export interface SequencedEntry {
  readonly target: SequencedTarget;
  readonly sequences: readonly string[];
  readonly latestBy: readonly string[] | undefined;
  readonly position: number | undefined;
}
