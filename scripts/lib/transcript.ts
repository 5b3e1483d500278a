/**
 * Reading the local Slack transcript (functions/chat-transcript.ts writes it) the way Slack itself would know
 * things: the messages with their buttons, the modal last opened, and who is in the workspace.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of slack.jsonl: a post, update, ephemeral, modal, modal-update or kick. */
export interface TranscriptEntry {
  kind: string;
  time?: string;
  channel?: string;
  where?: string;
  ts?: string;
  viewId?: string;
  blocks?: Record<string, unknown>[];
  view?: Record<string, unknown>;
}

/** Everything recorded in `<dir>/slack.jsonl`, oldest first; none when there is no file yet. */
export function readTranscript(dir: string): TranscriptEntry[] {
  const path = join(dir, 'slack.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TranscriptEntry);
}

/** The size of `<dir>/slack.log` now, to read what is appended after it. */
export function logSize(dir: string): number {
  const path = join(dir, 'slack.log');
  return existsSync(path) ? statSync(path).size : 0;
}

/** The lines appended to `<dir>/slack.log` since it was `from` bytes long. */
export function logLinesSince(dir: string, from: number): string[] {
  const path = join(dir, 'slack.log');
  if (!existsSync(path)) return [];
  const text = readFileSync(path).subarray(from).toString('utf8');
  return text.split('\n').filter((line) => line !== '');
}

/** slack.log lines as the commands show them: without the time stamp (it is now), indented under a heading. */
export function shownLogLines(lines: readonly string[]): string[] {
  const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z /;
  // A heading line (it starts with its time) moves in by two; the body under it, already indented, stays.
  return lines.map((line) => (STAMP.test(line) ? `  ${line.replace(STAMP, '')}` : line));
}

export interface Button {
  actionId: string;
  value: string;
  label: string;
}

/** The buttons of a message's blocks (in actions blocks and as section accessories). */
export function buttonsOf(blocks: readonly Record<string, unknown>[] | undefined): Button[] {
  const found: Button[] = [];
  for (const block of blocks ?? []) {
    const elements = [
      ...((block.elements as Record<string, unknown>[] | undefined) ?? []),
      ...(block.accessory ? [block.accessory as Record<string, unknown>] : []),
    ];
    for (const e of elements) {
      if (e.type !== 'button' || typeof e.action_id !== 'string') continue;
      const label = (e.text as { text?: string } | undefined)?.text ?? e.action_id;
      found.push({ actionId: e.action_id, value: typeof e.value === 'string' ? e.value : '', label });
    }
  }
  return found;
}

/**
 * The message a button is pressed on: the latest post or update (as it now shows) that has a button with this
 * action, and this value when one is given. Slack sends its channel and ts with the click.
 */
export function messageWithButton(
  entries: readonly TranscriptEntry[],
  actionId: string,
  value: string | undefined,
): { channel: string; ts: string; button: Button } | undefined {
  // A message's latest version wins: an update that took the buttons away means they are gone.
  const latest = new Map<string, TranscriptEntry>();
  for (const entry of entries) {
    if ((entry.kind === 'post' || entry.kind === 'update') && entry.channel && entry.ts) {
      latest.delete(`${entry.channel} ${entry.ts}`);
      latest.set(`${entry.channel} ${entry.ts}`, entry);
    }
  }
  for (const entry of [...latest.values()].reverse()) {
    const button = buttonsOf(entry.blocks).find(
      (b) => b.actionId === actionId && (value === undefined || b.value === value),
    );
    if (button) return { channel: entry.channel as string, ts: entry.ts as string, button };
  }
  return undefined;
}

/** The modal as Hearth last drew it (opened or updated): Slack sends this view back when it is submitted. */
export function latestModal(
  entries: readonly TranscriptEntry[],
): { viewId: string; view: Record<string, unknown> } | undefined {
  const entry = entries.findLast((e) => (e.kind === 'modal' || e.kind === 'modal-update') && e.view);
  return entry ? { viewId: entry.viewId as string, view: entry.view as Record<string, unknown> } : undefined;
}

/**
 * Someone joins the local Slack workspace, or leaves it: `slack-users.json` is who the transcript finds by
 * email (users.lookupByEmail) or ID (users.info).
 */
export function recordSlackUser(
  dir: string,
  user: { email: string; id: string; name?: string; deleted?: boolean },
): void {
  const path = join(dir, 'slack-users.json');
  const known = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>)
    : {};
  const email = Object.keys(known).find((k) => k.toLowerCase() === user.email.toLowerCase()) ?? user.email;
  known[email] = {
    ...known[email],
    id: user.id,
    ...(user.name ? { name: user.name } : {}),
    ...(user.deleted ? { deleted: true } : {}),
  };
  writeFileSync(path, `${JSON.stringify(known, null, 2)}\n`);
}
