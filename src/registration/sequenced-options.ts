export interface SequencedOptions {
  /** Named sequence(s) the entity belongs to. */
  sequence?: string | string[];
  /** Default property path(s) for `getLatest()` / `getEarliest()` (Django's `get_latest_by`). */
  latestBy?: string | string[];
  /** The entity's `#` in named sequences: positioned entities first, by position, then the rest by class name. */
  position?: number;
}

export interface SequencedEntry {
  readonly target: Function;
  readonly sequences: readonly string[];
  readonly latestBy: readonly string[] | undefined;
  readonly position: number | undefined;
}
