/**
 * `npm run deploy`: puts Hearth on Google Cloud (the three functions, their service accounts, secrets, queue,
 * scheduler job, dead letters and error alert) with gcloud, and prints the URLs to give Slack and the form relay.
 *
 *   npm run deploy -- --dry-run --project=my-group --spreadsheet=1AbC…   # print every command, run nothing
 *   npm run deploy -- --project=my-group --spreadsheet=1AbC… [--region=europe-west2] [--alert-email=you@…]
 *
 * Safe to run again: it checks what exists, then creates or updates it. Secrets are read from SLACK_BOT_TOKEN,
 * SLACK_SIGNING_SECRET and FORM_RELAY_SECRET when set and fed to gcloud on stdin; their values are never printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { exitOnUncaughtError } from './lib/cli.js';
import {
  type Captured,
  DEFAULT_REGION,
  type DeployOptions,
  deployNames,
  deployPlan,
  describeStep,
  dryRunWarnings,
  formatPlan,
  optionProblems,
  type Preflight,
  preflightChecks,
  SECRET_VARIABLES,
  type Step,
  shellLine,
  spreadsheetIdOf,
  substitute,
} from './lib/deploy-plan.js';

exitOnUncaughtError();

const USAGE = `Usage: npm run deploy -- [--dry-run] --project=PROJECT_ID --spreadsheet=SPREADSHEET_ID
                         [--region=${DEFAULT_REGION}] [--alert-email=ADDRESS] [--slack-min-instances=1]
                         [--writer-memory=512]`;

const GCLOUD_MISSING =
  'gcloud is not on PATH: install the Google Cloud CLI (cloud.google.com/sdk/docs/install), run gcloud auth login, ' +
  'then run this again. Google Cloud Shell has it already.';

/** Stops the deploy: main() prints the message and exits 1. */
class Stop extends Error {}

function usageProblems(problems: string[]): Stop {
  return new Stop(`Cannot deploy:\n${problems.map((p) => `  - ${p}`).join('\n')}\n\n${USAGE}`);
}

/** gcloud's configured project, or undefined when gcloud is missing or has none. */
function gcloudProject(): string | undefined {
  const answer = spawnSync('gcloud', ['config', 'get-value', 'project'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (answer.error || answer.status !== 0) return undefined;
  const value = answer.stdout.trim();
  return value && value !== '(unset)' ? value : undefined;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        'dry-run': { type: 'boolean', default: false },
        project: { type: 'string' },
        region: { type: 'string' },
        spreadsheet: { type: 'string' },
        'alert-email': { type: 'string' },
        'slack-min-instances': { type: 'string' },
        'writer-memory': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw usageProblems([`${(error as Error).message.replace(/\.$/, '')} (the options are listed below)`]);
  }
}

/** The options from the command line, then the environment, then gcloud's configuration. */
function optionsFrom(values: ReturnType<typeof parse>, env: NodeJS.ProcessEnv): DeployOptions {
  const spreadsheet = values.spreadsheet ?? env.SPREADSHEET_ID;
  const options: DeployOptions = {
    project: values.project ?? env.GOOGLE_CLOUD_PROJECT ?? gcloudProject() ?? '',
    region: values.region ?? DEFAULT_REGION,
    spreadsheetId: spreadsheet ? spreadsheetIdOf(spreadsheet) : '',
    ...(values['alert-email'] ? { alertEmail: values['alert-email'] } : {}),
    ...(values['slack-min-instances'] === undefined
      ? {}
      : { slackMinInstances: Number(values['slack-min-instances']) }),
    ...(values['writer-memory'] === undefined ? {} : { writerMemoryMb: Number(values['writer-memory']) }),
    secretsPresent: SECRET_VARIABLES.filter((name) => (env[name] ?? '').trim() !== ''),
  };
  const problems = optionProblems(options);
  if (problems.length > 0) throw usageProblems(problems);
  return options;
}

/** What to do by hand once deployed; the same after a dry run (with the variables) and a real one. */
function finalWords(options: DeployOptions, urls: Partial<Record<Captured, string>>): string {
  const url = (name: Captured) => urls[name] ?? `$${name}`;
  return [
    'Give these to Slack and the form relay:',
    `  Slack request URL (Event Subscriptions, Interactivity & Shortcuts): ${url('SLACK_URL')}/slack/events`,
    `  Forms URL (the relay script's FORMS_URL property):                  ${url('FORMS_URL')}`,
    `  Writer URL (private: only Cloud Tasks and Cloud Scheduler call it):  ${url('WRITER_URL')}`,
    '',
    `Share the spreadsheet with ${deployNames(options).runtimeAccount} as an Editor, or the writer cannot read or write it.`,
  ].join('\n');
}

function printPlan(options: DeployOptions, steps: Step[], preflight: Preflight[]): void {
  const missing = SECRET_VARIABLES.filter((name) => !options.secretsPresent?.includes(name));
  console.log(
    `Dry run: the commands npm run deploy would run for project ${options.project} in ${options.region}. ` +
      'Nothing was run.\nEach step checks what exists first, so running it again creates nothing twice.\n' +
      (missing.length > 0
        ? `Not set, so their stored secret values are kept: ${missing.join(', ')}.\n`
        : 'Secrets come from $SLACK_BOT_TOKEN, $SLACK_SIGNING_SECRET and $FORM_RELAY_SECRET, on stdin.\n'),
  );
  const warnings = dryRunWarnings(options);
  if (warnings.length > 0) console.log(`${warnings.join('\n')}\n`);
  console.log('Before step 1, it checks (and stops, saying what to do, if one fails):');
  for (const check of preflight) console.log(`   - ${check.title}: ${shellLine(check.command)}`);
  console.log('');
  console.log(formatPlan(steps));
  console.log(`\n${finalWords(options, {})}`);
}

interface Outcome {
  code: number | null;
  out: string;
  err: string;
  /** The program is not on PATH. */
  missing: boolean;
}

/** Runs commands with gcloud's prompts off and without the secrets in their environment. */
function executor(env: NodeJS.ProcessEnv) {
  const childEnv: NodeJS.ProcessEnv = { ...env, CLOUDSDK_CORE_DISABLE_PROMPTS: '1' };
  for (const name of SECRET_VARIABLES) delete childEnv[name];
  /** Its output is shown unless it is kept (`capture`) or is a check's (`quiet`). */
  return (command: readonly string[], how: { stdin?: string; capture?: boolean; quiet?: boolean }) =>
    new Promise<Outcome>((resolve) => {
      const [file, ...rest] = command as [string, ...string[]];
      const child = spawn(file, rest, {
        env: childEnv,
        stdio: [
          how.stdin === undefined ? 'ignore' : 'pipe',
          how.capture ? 'pipe' : 'inherit',
          how.quiet ? 'pipe' : 'inherit',
        ],
      });
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      child.once('error', (error: NodeJS.ErrnoException) =>
        resolve({ code: null, out, err: error.message, missing: error.code === 'ENOENT' }),
      );
      child.once('close', (code) => resolve({ code, out, err, missing: false }));
      if (how.stdin !== undefined) {
        child.stdin?.on('error', () => undefined); // a command that fails before reading: its exit code says why
        child.stdin?.end(how.stdin);
      }
    });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const firstLine = (text: string) =>
  text
    .split(/\r?\n/)
    .find((line) => line.trim() !== '')
    ?.trim() ?? '';

function stepFailed(index: number, step: Step, outcome: Outcome, command: readonly string[]): Stop {
  const why = outcome.missing
    ? `${command[0]} is not on PATH${command[0] === 'gcloud' ? `: ${GCLOUD_MISSING}` : ''}`
    : `exit code ${outcome.code}`;
  return new Stop(
    [
      `\n✗ Step ${index + 1} failed (${why}): ${step.title}`,
      ...(outcome.err.trim() && !outcome.missing ? [outcome.err.trim()] : []),
      ...(step.hint ? [`  ${step.hint}`] : []),
      'Fix it and run npm run deploy again: every step is safe to repeat.',
    ].join('\n'),
  );
}

/** Stops before step 1 at the first check that fails, with what to do: nothing has been changed then. */
async function runPreflight(checks: Preflight[], env: NodeJS.ProcessEnv): Promise<void> {
  const exec = executor(env);
  console.log('Before step 1:');
  for (const check of checks) {
    const outcome = await exec(check.command, { capture: true, quiet: true });
    if (outcome.missing) throw usageProblems([GCLOUD_MISSING]);
    if (outcome.code !== 0 || firstLine(outcome.out) === '') {
      throw new Stop(`\n✗ ${check.problem}.\nNothing was changed.`);
    }
    console.log(`  ✓ ${check.title}`);
  }
}

/** Runs the plan: each step's check, then its run or otherwise. Returns what the steps captured. */
async function runPlan(steps: Step[], env: NodeJS.ProcessEnv): Promise<Partial<Record<Captured, string>>> {
  const exec = executor(env);
  const captured: Partial<Record<Captured, string>> = {};
  for (const [index, step] of steps.entries()) {
    console.log(`\n[${index + 1}/${steps.length}] ${step.title}`);
    let command = step.run;
    if (step.check) {
      const check = substitute(step.check, captured);
      console.log(`  check: ${shellLine(check)}`);
      // A `checkMatches` check prints a secret: it is compared here and dropped, never shown or kept.
      const found = await exec(check, { capture: true, quiet: true });
      if (found.missing) throw stepFailed(index, step, found, check);
      const exists =
        found.code === 0 &&
        (step.checkMatches
          ? found.out.trim() === (env[step.checkMatches] ?? '').trim()
          : firstLine(found.out) !== '');
      if (exists) {
        if (step.capture) captured[step.capture] = firstLine(found.out);
        if (!step.otherwise) {
          console.log(step.checkMatches ? '  unchanged: nothing to do' : '  exists: nothing to do');
          continue;
        }
        command = step.otherwise;
      }
    }
    const resolved = substitute(command, captured);
    const fed = command === step.run ? step.stdinFrom : undefined;
    const stdin = fed ? (env[fed] ?? '').trim() : undefined;
    const keep = step.capture !== undefined && command === step.run;
    const shown = describeStep({ title: step.title, run: resolved, ...(fed ? { stdinFrom: fed } : {}) })[0];
    console.log(`  $ ${shown?.line}`);
    const how = { ...(stdin === undefined ? {} : { stdin }), capture: keep, quiet: keep };
    let outcome = await exec(resolved, how);
    for (
      let attempt = 1;
      outcome.code !== 0 && !outcome.missing && attempt <= (step.retries ?? 0);
      attempt++
    ) {
      console.log(
        `  failed; trying again in ${10 * attempt} s (IAM can take a moment to know a new account)`,
      );
      await sleep(10_000 * attempt);
      outcome = await exec(resolved, how);
    }
    if (outcome.code !== 0) throw stepFailed(index, step, outcome, resolved);
    if (keep && step.capture) {
      const value = firstLine(outcome.out);
      if (!value)
        throw stepFailed(index, step, { ...outcome, err: `it printed no ${step.capture}` }, resolved);
      captured[step.capture] = value;
      console.log(`  ${step.capture}=${value}`);
    }
  }
  return captured;
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const values = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const options = optionsFrom(values, env);
  const steps = deployPlan(options);
  const preflight = preflightChecks(options);
  if (values['dry-run']) {
    printPlan(options, steps, preflight);
    return 0;
  }
  if (spawnSync('gcloud', ['--version'], { encoding: 'utf8', timeout: 60_000 }).error) {
    throw usageProblems([GCLOUD_MISSING]);
  }
  await runPreflight(preflight, env);
  const captured = await runPlan(steps, env);
  console.log(
    `\nHearth is deployed to ${options.project} (${options.region}).\n\n${finalWords(options, captured)}`,
  );
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof Stop)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
