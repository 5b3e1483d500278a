import type { DateTime } from 'luxon';
import type { Clock } from '../../common/clock.js';
import { RESPONSE_TABS } from '../../sheets-schema/forms/index.js';
import { highest, type IdMarks, largestMentioned } from '../../sheets-schema/ids.js';
import type { Snapshot } from '../../sheets-schema/snapshot.js';
import type { TabName } from '../../sheets-schema/tabs/index.js';
import type { Workbook } from '../../sheets-schema/workbook.js';
import { clickersOf } from '../../workflows/batch.js';
import { WRITER_TABS } from '../../workflows/decide.js';
import type { Input } from '../../workflows/inputs.js';
import type { QuestionFacts } from '../../workflows/presence/questions.js';
import type { Chat } from '../chat.js';
import type { IdLedger } from '../id-ledger.js';
import { errorFields, type Logger } from '../log.js';
import { QuestionReads } from './question-reads.js';

/** Everything a batch is decided from, read before anything is decided. */
export interface Gathered {
  snapshot: Snapshot;
  /** The ID ledger's marks (with Audit's mentions when the ledger is new). */
  ledger: IdMarks;
  /** Slack profile emails of the people who clicked, by Slack ID. */
  profileEmails: Map<string, string>;
  /** Of the tabs the writer does not read (Audit) found paused at write time, those that still are. */
  pausedAtWrite: Set<TabName>;
  /** What Slack said of the batch's questions (new ones' channels and links, due ones' threads). */
  questions: QuestionFacts;
}

/** How long a Slack profile's email is taken as it was read: a changed email is seen within this. */
export const PROFILE_MAX_AGE_MINUTES = 10;

/**
 * The gather step: every read a batch needs, before anything is decided. The Slack look-ups go out first and
 * together, so the snapshot is as fresh as it can be when the batch is decided and written; then the ID
 * ledger and the snapshot (a tick reads the forms' responses tabs along, in the same call, to sweep up what the
 * relay missed). The questions' reads come last: which to read is found in the snapshot.
 */
export class Gatherer {
  /** Profile emails as last read (undefined: the profile has none), and when. */
  private readonly profiles = new Map<string, { email: string | undefined; at: DateTime }>();
  /** The largest IDs Audit mentions, read once when the ledger was new. */
  private auditSeed: IdMarks | undefined;
  /** Members' Slack IDs in the last snapshot: a member clicking needs no look-up. */
  private members = new Set<string>();
  private readonly questionReads: QuestionReads;

  constructor(
    private readonly deps: { workbook: Workbook; chat: Chat; ids: IdLedger; clock: Clock; log: Logger },
  ) {
    this.questionReads = new QuestionReads(deps);
  }

  /** `now`: the batch's time, which a tick may set (time travel, locally). */
  async gather(
    inputs: readonly Input[],
    pausedAtWrite: ReadonlySet<TabName>,
    now: DateTime,
  ): Promise<Gathered> {
    const clickers = clickersOf(inputs);
    await this.readProfiles(clickers.filter((user) => !this.members.has(user)));
    const ledger = await this.ledgerMarks();
    const ticked = inputs.some((input) => input.kind === 'tick');
    const snapshot = await this.deps.workbook.read(WRITER_TABS, {
      ...(ticked ? { raw: Object.values(RESPONSE_TABS) } : {}),
      idFloors: ledger,
    });
    this.members = new Set(snapshot.table('Members').rows.flatMap(({ values }) => values.slackId ?? []));
    // Someone a member row knew by Slack ID and no longer does (an organizer's edit meanwhile): rare, read now.
    await this.readProfiles(clickers.filter((user) => !this.members.has(user)));
    const profileEmails = new Map<string, string>();
    for (const user of clickers) {
      const email = this.profiles.get(user)?.email;
      if (email) profileEmails.set(user, email);
    }
    const questions = await this.questionReads.gather(inputs, snapshot, now);
    return {
      snapshot,
      ledger,
      profileEmails,
      pausedAtWrite: await this.stillPaused(pausedAtWrite),
      questions,
    };
  }

  /** The tabs the writer does not read (Audit) that still lack a header, of those found so at write time. */
  private async stillPaused(tabs: ReadonlySet<TabName>): Promise<Set<TabName>> {
    if (tabs.size === 0) return new Set();
    const missing = await this.deps.workbook.missingHeaders([...tabs]);
    return new Set([...tabs].filter((tab) => missing.has(tab)));
  }

  /**
   * The Slack profile emails of people who pressed Going or Can't go and whom no member row knows by Slack ID,
   * so that they are matched by email. Read in parallel, kept a few minutes; a look-up that fails leaves the
   * click to be matched by Slack ID only.
   */
  private async readProfiles(users: readonly string[]): Promise<void> {
    const now = this.deps.clock.now();
    const stale = (user: string) => {
      const known = this.profiles.get(user);
      return !known || now.diff(known.at, 'minutes').minutes >= PROFILE_MAX_AGE_MINUTES;
    };
    await Promise.all(
      users.filter(stale).map(async (user) => {
        try {
          const email = (await this.deps.chat.userById(user))?.email;
          this.profiles.set(user, { email, at: now });
        } catch (error) {
          this.deps.log.log('WARNING', 'Slack profile not read; the click is matched by Slack ID only', {
            ...errorFields(error),
          });
        }
      }),
    );
  }

  /**
   * The ledger's marks, read at every batch (another writer may have moved them), with Audit's mentions the
   * first time when the ledger is new, so that no ID an older sheet gave comes back.
   */
  private async ledgerMarks(): Promise<IdMarks> {
    const { marks, fresh } = await this.deps.ids.read();
    if (fresh && !this.auditSeed) {
      const audit = (await this.deps.workbook.read(['Audit'])).table('Audit').rows;
      this.auditSeed = largestMentioned(
        audit.flatMap(({ values }) => [values.target ?? '', values.details ?? '', values.key ?? '']),
      );
    }
    return highest(marks, this.auditSeed ?? new Map());
  }
}
