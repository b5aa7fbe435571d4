/**
 * Which release a plain `npm run rollback` returns to, the same on a directory and on S3.
 *
 * A target keeps two records: the deploy order (every release deployed, oldest first, each once at the place of
 * its latest deploy; rollbacks never remove or reorder anything) and a log of switches (each time what readers get
 * changed: when, from which release, to which, by a deploy or a rollback). A plain rollback
 *
 *   - right after a deploy, undoes it: returns to the release that was live before that deploy (so a deploy made
 *     after rolling back, 1.0.5 → 1.0.3 then 1.0.6, rolls back to 1.0.3, not to the withdrawn 1.0.5);
 *   - otherwise (the live release was reached by a rollback, `--to` included) goes one further back in the deploy
 *     order: the release deployed before the live one. After `rollback --to 1.0.3` the next plain rollback goes to
 *     1.0.2, then 1.0.1, and `--to 1.0.5` still finds 1.0.5 because the order keeps it.
 *
 * Releases are named by a string: the folder under releases/ on a directory, the release id on S3.
 */

/** One change of what readers get. */
export interface LiveSwitch {
  /** ISO 8601 time of the switch. */
  at: string;
  /** The release live before, or null when there was none. */
  from: string | null;
  /** The release live after. */
  to: string;
  by: 'deploy' | 'rollback';
}

/** Switches remembered (the newest). */
export const SWITCH_LOG_LENGTH = 100;

/** Reads a switch log from parsed JSON, dropping anything malformed or naming a release `isName` refuses. */
export function parseSwitches(value: unknown, isName: (name: unknown) => boolean): LiveSwitch[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (s): s is LiveSwitch =>
      !!s &&
      typeof s === 'object' &&
      typeof (s as LiveSwitch).at === 'string' &&
      ((s as LiveSwitch).from === null || isName((s as LiveSwitch).from)) &&
      isName((s as LiveSwitch).to) &&
      ((s as LiveSwitch).by === 'deploy' || (s as LiveSwitch).by === 'rollback'),
  );
}

/** The log with one more switch (none when nothing changed), trimmed to {@link SWITCH_LOG_LENGTH}. */
export function withSwitch(log: LiveSwitch[], change: LiveSwitch): LiveSwitch[] {
  if (change.from === change.to) return log;
  return [...log, change].slice(-SWITCH_LOG_LENGTH);
}

/** The deploy order after deploying `name`: moved to (or added at) the end. */
export function withDeploy(order: string[], name: string): string[] {
  return [...order.filter((n) => n !== name), name];
}

/**
 * The release a plain rollback from `live` returns to, or undefined when there is none: the release live before
 * the last deploy when that deploy made `live` live and is the last switch, else the release before `live` in
 * `order`. A switch log that does not end at `live` (a switch was not recorded: a deploy stopped between the
 * switch and writing the record, or a record from before switches were logged) is not trusted; the order decides.
 */
export function plainRollbackTarget(order: string[], live: string, switches: LiveSwitch[]): string | undefined {
  const last = switches.at(-1);
  if (last && last.to === live && last.by === 'deploy' && last.from !== null && last.from !== live) return last.from;
  const i = order.lastIndexOf(live);
  return i > 0 ? order[i - 1] : undefined;
}
