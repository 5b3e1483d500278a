/**
 * The writer's memory against what it is deployed with (WRITER_MEMORY_MB): a sheet grows every week, and a
 * writer that runs out of memory is killed mid-batch. Said in the log before that happens, with the fix.
 */

/** Said from this share of the limit: enough room left to redeploy before it bites. */
export const MEMORY_WARN_SHARE = 0.75;

export interface MemoryNotice {
  usedMb: number;
  limitMb: number;
  message: string;
}

/** A notice when `rssBytes` is at or above 75% of `limitMb`, with what to set; undefined below it. */
export function memoryNotice(rssBytes: number, limitMb: number): MemoryNotice | undefined {
  const usedMb = Math.round(rssBytes / 2 ** 20);
  if (limitMb <= 0 || usedMb < limitMb * MEMORY_WARN_SHARE) return undefined;
  const next = nextMemoryStep(limitMb);
  return {
    usedMb,
    limitMb,
    message: `the writer used ${usedMb} MB of the ${limitMb} MB it is deployed with (${Math.round((100 * usedMb) / limitMb)}%): the sheet is growing toward its memory. Run npm run deploy -- --writer-memory=${next} (or archive old rows)`,
  };
}

/** Cloud Functions' memory sizes, in MB: the next one up from `mb`. */
export const MEMORY_STEPS = [256, 512, 1024, 2048, 4096, 8192] as const;

export function nextMemoryStep(mb: number): number {
  return MEMORY_STEPS.find((step) => step > mb) ?? mb * 2;
}

/**
 * Says it once, then again only when usage has grown by another tenth of the limit since: a warning every minute
 * would drown the log.
 */
export class MemoryGuard {
  private saidAtMb = 0;

  constructor(
    private readonly limitMb: number,
    private readonly rss: () => number = () => process.memoryUsage().rss,
  ) {}

  check(): MemoryNotice | undefined {
    const notice = memoryNotice(this.rss(), this.limitMb);
    if (!notice || notice.usedMb < this.saidAtMb + this.limitMb / 10) return undefined;
    this.saidAtMb = notice.usedMb;
    return notice;
  }
}
