/**
 * The README's Quick start, executed: every command of its ```sh blocks runs in order against a fresh stack (a
 * scratch directory, so the default ./local/group.xlsx, and a free port), and what it prints must be what the
 * ```text block after it says. So the README cannot drift from the product.
 *
 * In the README's text blocks a line `…` stands for any number of lines, and `…` inside a line for any text.
 * What differs from one run to the next is compared loosely on both sides: dates and times, Slack ts values and
 * other long numbers, generated secrets, and the port.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_KEYS } from './integration/helpers.js';
import { freePort, ROOT, run, type Started, start, TSX } from './integration/processes.js';

interface Step {
  command: string;
  expected: string[];
}

/** The Quick start's commands, each with the text block after it. `npm install` is done already. */
function quickStartSteps(readme: string): Step[] {
  const start = readme.indexOf('\n## Quick start\n');
  if (start < 0) throw new Error('README.md has no "## Quick start" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1] ?? '',
    lines: (m[2] ?? '').replace(/\n$/, '').split('\n'),
  }));
  const steps: Step[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== 'sh') return;
    const commands = block.lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
    const checked = commands.filter((c) => c !== 'npm install');
    if (checked.length === 0) return;
    const next = blocks[i + 1];
    if (checked.length > 1 || next?.lang !== 'text') {
      throw new Error(
        `README Quick start: each command needs a block of its own followed by a \`\`\`text block of what it prints: ${checked.join(' / ')}`,
      );
    }
    steps.push({ command: checked[0] as string, expected: next.lines });
  });
  return steps;
}

const DAY =
  /\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?\b/g;

/** A line with what changes from run to run made alike. */
function normalize(line: string): string {
  return line
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z/g, 'TIME')
    .replace(DAY, 'DAY')
    .replace(/\b\d{2}:\d{2}(:\d{2})?\b/g, 'HH:MM')
    .replace(/\d{10,}(\.\d+)?/g, 'N')
    .replace(/\b[0-9a-f]{32,}\b/g, 'HEX')
    .trimEnd();
}

function lineMatches(expected: string, actual: string): boolean {
  const pattern = normalize(expected)
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(normalize(actual));
}

/** Whether `actual` is what `expected` says, `…` lines standing for any number of lines. */
function linesMatch(expected: readonly string[], actual: readonly string[]): boolean {
  const memo = new Map<string, boolean>();
  const from = (i: number, j: number): boolean => {
    const key = `${i} ${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === expected.length) result = j === actual.length;
    else if (expected[i]?.trim() === '…') result = from(i + 1, j) || (j < actual.length && from(i, j + 1));
    else
      result =
        j < actual.length && lineMatches(expected[i] as string, actual[j] as string) && from(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return from(0, 0);
}

describe('the README test’s own matching', () => {
  it.each([
    ['the same lines', ['a', '  b'], ['a', '  b'], true],
    ['a line differs', ['a', 'b'], ['a', 'c'], false],
    ['a line is missing', ['a', 'b'], ['a'], false],
    ['an extra line', ['a'], ['a', 'b'], false],
    ['indentation differs', ['  b'], ['    b'], false],
    ['… stands for lines', ['…', 'b', '…'], ['x', 'y', 'b', 'z'], true],
    ['… may stand for none', ['a', '…', 'b'], ['a', 'b'], true],
    ['… inside a line', ['SECRET=…'], ['SECRET=42799ec656e3'], true],
    ['what is around … still counts', ['x=…;'], ['y=1;'], false],
    [
      'dates, times and ts values change between runs',
      ['Expires Wed 9 Dec, 18:30 ts=1796230276.063000 at 2026-12-02T16:51:16.063Z'],
      ['Expires Sat 5 Mar 2027, 09:15 ts=1796239999.000100 at 2027-03-05T09:15:00.000Z'],
      true,
    ],
    ['other numbers do not', ['3 of 3 seats left'], ['2 of 3 seats left'], false],
  ])('%s', (_what, expected, actual, matches) => {
    expect(linesMatch(expected, actual)).toBe(matches);
  });
});

const README = await readFile(join(ROOT, 'README.md'), 'utf8');
const steps = quickStartSteps(README);

let dir: string;
let env: NodeJS.ProcessEnv;
let port: number;
let stack: Started | undefined;

/** What `npm start` and `npm run simulate --` run: package.json's scripts, `tsx scripts/<script>`. */
const SCRIPTS: [command: string, npmScript: string, script: string][] = [
  ['npm start', 'start', 'dev-server.ts'],
  ['npm run simulate --', 'simulate', 'simulate.ts'],
];

/**
 * The README's command as npm would run it, without npm and tsx's launcher in between (two more processes and
 * about half a second a command): the same script under node with tsx's loader, the arguments after `--` as
 * they are.
 */
function shellCommand(command: string): string {
  for (const [prefix, , script] of SCRIPTS) {
    if (command === prefix || command.startsWith(`${prefix} `)) {
      const rest = command.slice(prefix.length).replace(/^ --(?= |$)/, '');
      return `exec "$NODE" --import "$TSX" "$ROOT/scripts/${script}"${rest}`;
    }
  }
  throw new Error(
    `The Quick start may use npm start and npm run simulate -- …; this test cannot run: ${command}`,
  );
}

const linesOf = (text: string) =>
  text.replaceAll(`localhost:${port}`, 'localhost:8080').replace(/\n+$/, '').split('\n');

function explain(step: Step, output: string): string {
  return `README says \`${step.command}\` prints:\n${step.expected.join('\n')}\n\n--- it printed ---\n${output}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hearth-readme-'));
  port = await freePort();
  env = { ...process.env };
  // A developer's shell (and the test runner's LOG_LEVEL) may hold these: a new user's has none of them.
  for (const name of [...ENV_KEYS, 'PORT', 'LOG_LEVEL', 'SAMPLE_GROUP']) delete env[name];
  Object.assign(env, { PORT: String(port), NODE: process.execPath, TSX, ROOT });
});

afterAll(async () => {
  await stack?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('README Quick start, run as written', () => {
  it('npm start and npm run simulate are the scripts this test runs in their place', async () => {
    const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    for (const [, npmScript, script] of SCRIPTS) expect(scripts[npmScript]).toBe(`tsx scripts/${script}`);
  });

  it('has the steps a first hour needs: the stack first, then at least eight requests', () => {
    expect(steps[0]?.command).toBe('npm start');
    expect(steps.filter((s) => s.command.startsWith('npm run simulate -- ')).length).toBeGreaterThanOrEqual(
      8,
    );
  });

  for (const step of steps) {
    it(step.command, async () => {
      if (step.command.startsWith('npm start')) {
        const started = start({ shell: shellCommand(step.command) }, { cwd: dir, env });
        stack = started;
        // The stack keeps running: its banner is complete once it says what the README says.
        await started
          .printed(
            'the stack to print what the README says',
            (out) => linesMatch(step.expected, linesOf(out)),
            25_000,
          )
          .catch((error: Error) => {
            throw new Error(`${error.message}\n${explain(step, started.output())}`);
          });
        return;
      }
      const { code, out } = await run({ shell: shellCommand(step.command) }, { cwd: dir, env });
      if (!linesMatch(step.expected, linesOf(out))) throw new Error(explain(step, out));
      expect(code, out).toBe(0);
    });
  }
});
