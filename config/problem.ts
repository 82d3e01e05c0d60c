/**
 * One problem of an environment file: the field path, what is wrong, the value found. Its own
 * file so that every rule file can report problems without importing `rules.ts`, which imports
 * them.
 */
export interface ConfigProblem {
  /** Field path like `apps[2].basePath`. */
  readonly path: string;
  readonly message: string;
  /** The offending value (as found in the input). */
  readonly value: unknown;
}
