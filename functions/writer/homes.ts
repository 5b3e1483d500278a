import type { DateTime } from 'luxon';
import { describeError } from '../../common/errors.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import { stableDigest } from '../../workflows/plan.js';
import { homeOf } from '../../workflows/presence/home.js';
import { homeView } from '../../workflows/presence/home-view.js';
import type { Chat } from '../chat.js';
import { errorFields, type Logger } from '../log.js';

/** Someone who opened their home this long ago may still be looking: it is kept up to date till then. */
export const HOME_WATCH_HOURS = 24;
/** A home kept up to date is looked at again (and published if it changed) at most this often. */
export const HOME_RECHECK_SECONDS = 60;

interface Watched {
  openedAt: DateTime;
  checkedAt?: DateTime;
  /** A digest of the view last published: the same view is not published again. */
  shown?: string;
}

/**
 * The App Homes: published when someone opens theirs, and again while they may be looking (they opened it in
 * the last day) whenever what it shows changes, at most once a minute each. Who is looking is kept in this
 * writer's memory only: after a restart, a home is brought up to date when its person next opens it.
 */
export class HomeBoard {
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly deps: { chat: Chat; log: Logger }) {}

  /** After a batch's write: the homes opened in it, then the watched ones due a look. */
  async publish(opened: readonly string[], written: Snapshot, now: DateTime): Promise<void> {
    for (const user of opened) {
      const entry = this.watched.get(user) ?? { openedAt: now };
      entry.openedAt = now;
      this.watched.set(user, entry);
      await this.show(user, entry, written, now);
    }
    for (const [user, entry] of this.watched) {
      if (opened.includes(user)) continue;
      if (now.diff(entry.openedAt, 'hours').hours >= HOME_WATCH_HOURS) {
        this.watched.delete(user);
        continue;
      }
      if (entry.checkedAt && now.diff(entry.checkedAt, 'seconds').seconds < HOME_RECHECK_SECONDS) continue;
      await this.show(user, entry, written, now);
    }
  }

  /** How many homes are being kept up to date. */
  get size(): number {
    return this.watched.size;
  }

  private async show(user: string, entry: Watched, written: Snapshot, now: DateTime): Promise<void> {
    entry.checkedAt = now;
    const view = homeView(homeOf(written, user, now));
    const digest = stableDigest(JSON.stringify(view));
    if (digest === entry.shown) return;
    try {
      await this.deps.chat.publishHome(user, view as unknown as Record<string, unknown>);
      entry.shown = digest;
    } catch (error) {
      // Not published: looked at again at the next batch a minute on, or when they open it again.
      this.deps.log.log(
        'WARNING',
        `App Home of ${user} not published: ${describeError(error)}`,
        errorFields(error),
      );
    }
  }
}
