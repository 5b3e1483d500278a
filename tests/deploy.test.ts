/**
 * `npm run deploy`: the plan (scripts/lib/deploy-plan.ts) has every command and flag going live needs, each
 * create is checked first, and no secret value is ever printed. The script runs as a user runs it, as a child
 * process; its real run goes against a fake `gcloud` (and `npm`) on PATH that records what it was asked.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../functions/config.js';
import { TASK_MAX_ATTEMPTS } from '../functions/writer/door.js';
import {
  APIS,
  type DeployOptions,
  deployPlan,
  formatPlan,
  optionProblems,
  QUEUE_RETRY,
  ref,
  SECRET_VARIABLES,
  SLACK_MIN_INSTANCES,
  type Step,
  shellQuote,
  spreadsheetIdOf,
  substitute,
} from '../scripts/lib/deploy-plan.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROJECT = 'my-group-123';
const REGION = 'europe-west2';
const SHEET = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-super-secret-1',
  SLACK_SIGNING_SECRET: 'signing-super-secret-2',
  FORM_RELAY_SECRET: 'relay-super-secret-3',
};
const RUNTIME = `hearth-runtime@${PROJECT}.iam.gserviceaccount.com`;
const INVOKER = `hearth-invoker@${PROJECT}.iam.gserviceaccount.com`;

const options: DeployOptions = {
  project: PROJECT,
  region: REGION,
  spreadsheetId: SHEET,
  alertEmail: 'lead@example.org',
  secretsPresent: [...SECRET_VARIABLES],
};

const commandsOf = (step: Step) => [step.check, step.run, step.otherwise].filter((c) => c !== undefined);
const allCommands = (steps: Step[]) => steps.flatMap(commandsOf);
/** The one step whose run starts with these words. */
function stepRunning(steps: Step[], ...words: string[]): Step {
  const found = steps.filter((s) => words.every((w, i) => s.run[i] === w));
  expect(found, `one step runs ${words.join(' ')}`).toHaveLength(1);
  return found[0] as Step;
}
const deployOf = (steps: Step[], name: string) =>
  stepRunning(steps, 'gcloud', 'functions', 'deploy', name).run;
const flag = (command: string[], name: string) =>
  command.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);

describe('the plan', () => {
  const steps = deployPlan(options);

  it('enables every API Hearth uses, and every gcloud command names the project', () => {
    const enable = stepRunning(steps, 'gcloud', 'services', 'enable').run;
    for (const api of [
      'cloudfunctions',
      'run',
      'cloudbuild',
      'artifactregistry',
      'cloudtasks',
      'cloudscheduler',
      'secretmanager',
      'sheets',
      'logging',
      'monitoring',
    ]) {
      expect(enable).toContain(`${api}.googleapis.com`);
    }
    expect(APIS.length).toBeGreaterThanOrEqual(10);
    for (const command of allCommands(steps).filter((c) => c[0] === 'gcloud')) {
      expect(command, command.join(' ')).toContain(`--project=${PROJECT}`);
    }
  });

  it('deploys three gen2 functions on nodejs22 from the package root, the writer first and private', () => {
    for (const [name, entry] of [
      ['hearth-writer', 'writer'],
      ['hearth-forms', 'forms'],
      ['hearth-slack', 'slack'],
    ] as const) {
      const deploy = deployOf(steps, name);
      expect(deploy).toEqual(
        expect.arrayContaining([
          '--gen2',
          '--runtime=nodejs22',
          '--source=.',
          '--trigger-http',
          '--serve-all-traffic-latest-revision',
          `--entry-point=${entry}`,
          `--region=${REGION}`,
          `--service-account=${RUNTIME}`,
        ]),
      );
      expect(flag(deploy, '--set-env-vars')).toContain(`SHEETS_BACKEND=google,SPREADSHEET_ID=${SHEET}`);
    }
    const writer = deployOf(steps, 'hearth-writer');
    expect(writer).toEqual(
      expect.arrayContaining([
        '--no-allow-unauthenticated',
        '--max-instances=1',
        '--concurrency=80',
        '--cpu=1',
      ]),
    );
    expect(writer).not.toContain('--allow-unauthenticated');
    expect(flag(writer, '--set-secrets')?.split(',').sort()).toEqual([
      'FORM_RELAY_SECRET=hearth-form-relay-secret:latest',
      'SLACK_BOT_TOKEN=hearth-slack-bot-token:latest',
      'SLACK_SIGNING_SECRET=hearth-slack-signing-secret:latest',
    ]);
    for (const door of ['hearth-forms', 'hearth-slack']) {
      const deploy = deployOf(steps, door);
      expect(deploy).toContain('--allow-unauthenticated');
      expect(deploy).not.toContain('--no-allow-unauthenticated');
      expect(flag(deploy, '--set-env-vars')?.split(',')).toEqual(
        expect.arrayContaining([
          `CLOUD_TASKS_QUEUE=projects/${PROJECT}/locations/${REGION}/queues/hearth-writer`,
          `WRITER_URL=${ref('WRITER_URL')}`,
          `TASKS_SERVICE_ACCOUNT=${INVOKER}`,
        ]),
      );
    }
    expect(flag(deployOf(steps, 'hearth-forms'), '--set-secrets')).toContain(
      'FORM_RELAY_SECRET=hearth-form-relay-secret:latest',
    );
    expect(flag(deployOf(steps, 'hearth-slack'), '--set-secrets')).toContain(
      'SLACK_SIGNING_SECRET=hearth-slack-signing-secret:latest',
    );

    // Order: build, writer, its URL, its invoker, then the doors that need the URL, then the scheduler.
    const at = (predicate: (s: Step) => boolean) => steps.findIndex(predicate);
    const build = at((s) => s.run.join(' ') === 'npm run build');
    const writerAt = at((s) => s.run.includes('hearth-writer') && s.run.includes('deploy'));
    const url = at((s) => s.capture === 'WRITER_URL');
    const invokerAt = at((s) => s.run.includes('add-invoker-policy-binding'));
    const forms = at((s) => s.run.includes('hearth-forms') && s.run.includes('deploy'));
    const scheduler = at((s) => s.run.includes('scheduler'));
    expect(build).toBeGreaterThan(0);
    expect([build, writerAt, url, invokerAt, forms, scheduler]).toEqual(
      [build, writerAt, url, invokerAt, forms, scheduler].sort((a, b) => a - b),
    );
    expect(stepRunning(steps, 'gcloud', 'functions', 'describe', 'hearth-writer').run).toContain(
      '--format=value(serviceConfig.uri)',
    );
    expect(steps[invokerAt]?.run).toContain(`--member=serviceAccount:${INVOKER}`);
  });

  it('builds as an account of its own with the Cloud Build builder role, on a brand-new project too', () => {
    const builder = `hearth-builder@${PROJECT}.iam.gserviceaccount.com`;
    const make = stepRunning(steps, 'gcloud', 'iam', 'service-accounts', 'create', 'hearth-builder');
    expect(make.check).toBeDefined();
    const grant = stepRunning(steps, 'gcloud', 'projects', 'add-iam-policy-binding', PROJECT);
    expect(grant.run).toEqual(
      expect.arrayContaining([
        `--member=serviceAccount:${builder}`,
        '--role=roles/cloudbuild.builds.builder',
      ]),
    );
    const at = (s: Step) => steps.indexOf(s);
    for (const name of ['hearth-writer', 'hearth-forms', 'hearth-slack']) {
      const deploy = stepRunning(steps, 'gcloud', 'functions', 'deploy', name);
      expect(flag(deploy.run, '--build-service-account')).toBe(
        `projects/${PROJECT}/serviceAccounts/${builder}`,
      );
      expect(at(deploy)).toBeGreaterThan(at(grant));
    }
  });

  it('makes the lease bucket, lets the runtime account use its objects, and gives the writer its name', () => {
    const bucket = `gs://${PROJECT}-hearth-lease`;
    const make = steps.find(
      (s) => s.run.slice(0, 4).join(' ') === 'gcloud storage buckets create' && s.run.includes(bucket),
    );
    expect(make?.check).toEqual([
      'gcloud',
      'storage',
      'buckets',
      'describe',
      bucket,
      `--project=${PROJECT}`,
      '--format=value(name)',
    ]);
    expect(make?.run).toEqual(
      expect.arrayContaining([
        '--uniform-bucket-level-access',
        '--public-access-prevention',
        `--location=${REGION}`,
      ]),
    );
    const grant = steps.find((s) => s.run.includes('add-iam-policy-binding') && s.run.includes(bucket));
    expect(grant?.run).toEqual(
      expect.arrayContaining([`--member=serviceAccount:${RUNTIME}`, '--role=roles/storage.objectUser']),
    );
    const writer = deployOf(steps, 'hearth-writer');
    expect(flag(writer, '--set-env-vars')?.split(',')).toContain(
      `WRITER_LEASE_BUCKET=${PROJECT}-hearth-lease`,
    );
    expect(steps.indexOf(grant as Step)).toBeLessThan(
      steps.findIndex((s) => s.run.includes('hearth-writer') && s.run.includes('deploy')),
    );
    // What the plan names is what the configuration takes.
    expect(loadConfig({ WRITER_LEASE_BUCKET: `${PROJECT}-hearth-lease` }, () => 'x').writerLeaseBucket).toBe(
      `${PROJECT}-hearth-lease`,
    );
  });

  it('keeps one Slack door warm for Slack’s 3 seconds, and only that one', () => {
    expect(flag(deployOf(steps, 'hearth-slack'), '--min-instances')).toBe('1');
    expect(flag(deployOf(steps, 'hearth-forms'), '--min-instances')).toBeUndefined();
    expect(flag(deployOf(steps, 'hearth-writer'), '--min-instances')).toBeUndefined();
    const cold = deployPlan({ ...options, slackMinInstances: 0 });
    expect(flag(deployOf(cold, 'hearth-slack'), '--min-instances')).toBe('0');
    expect(optionProblems({ ...options, slackMinInstances: 1.5 })).toEqual([
      expect.stringContaining('--slack-min-instances must be a whole number'),
    ]);
  });

  it('deploys the writer with the memory asked for, and tells it so (its log says when the sheet nears it)', () => {
    const writer = (plan: typeof steps) => deployOf(plan, 'hearth-writer');
    expect(flag(writer(steps), '--memory')).toBe('512Mi');
    expect(flag(writer(steps), '--set-env-vars')).toContain('WRITER_MEMORY_MB=512');
    const bigger = deployPlan({ ...options, writerMemoryMb: 1024 });
    expect(flag(writer(bigger), '--memory')).toBe('1024Mi');
    expect(flag(writer(bigger), '--set-env-vars')).toContain('WRITER_MEMORY_MB=1024');
    // Its heap is bounded to half of it: Node does not see the function's limit by itself.
    expect(flag(writer(steps), '--set-env-vars')).toContain('NODE_OPTIONS=--max-old-space-size=256');
    expect(flag(writer(bigger), '--set-env-vars')).toContain('NODE_OPTIONS=--max-old-space-size=512');
    expect(flag(deployOf(bigger, 'hearth-slack'), '--memory')).toBe('512Mi');
    expect(optionProblems({ ...options, writerMemoryMb: 700 })).toEqual([
      expect.stringContaining('--writer-memory must be one of 256, 512, 1024'),
    ]);
  });

  it('gives the service accounts what they need, and nothing is made before its check', () => {
    const bindings = allCommands(steps).filter((c) => c.some((a) => a.endsWith('add-iam-policy-binding')));
    const has = (member: string, role: string, on: string) =>
      bindings.some(
        (c) => c.includes(on) && c.includes(`--member=${member}`) && c.includes(`--role=${role}`),
      );
    expect(has(`serviceAccount:${RUNTIME}`, 'roles/cloudtasks.enqueuer', 'hearth-writer')).toBe(true);
    expect(has(`serviceAccount:${RUNTIME}`, 'roles/iam.serviceAccountUser', INVOKER)).toBe(true);
    for (const secret of [
      'hearth-slack-bot-token',
      'hearth-slack-signing-secret',
      'hearth-form-relay-secret',
    ]) {
      expect(has(`serviceAccount:${RUNTIME}`, 'roles/secretmanager.secretAccessor', secret)).toBe(true);
    }
    for (const account of ['hearth-runtime', 'hearth-invoker']) {
      const make = stepRunning(steps, 'gcloud', 'iam', 'service-accounts', 'create', account);
      expect(make.check?.slice(0, 4)).toEqual(['gcloud', 'iam', 'service-accounts', 'describe']);
    }
  });

  it('checks before every create and updates what can change', () => {
    for (const step of steps) {
      if (step.run.includes('create')) {
        expect(step.check, `${step.title} is checked first`).toBeDefined();
        expect(step.check?.some((a) => a.startsWith('--format=value('))).toBe(true);
      }
    }
    const updates = steps.filter((s) => s.otherwise).map((s) => s.otherwise?.slice(0, 4).join(' '));
    expect(updates).toEqual([
      'gcloud tasks queues update',
      'gcloud logging sinks update',
      'gcloud scheduler jobs update',
      'gcloud logging metrics update',
      'gcloud beta monitoring channels',
      'gcloud monitoring policies update',
    ]);
    for (const step of steps.filter((s) => s.otherwise)) expect(step.otherwise).toContain('update');
  });

  it('makes the queue retry with backoff, and keeps what it gives up on in a bucket', () => {
    const queue = stepRunning(steps, 'gcloud', 'tasks', 'queues', 'create', 'hearth-writer');
    for (const command of [queue.run, queue.otherwise ?? []]) {
      expect(command).toEqual(
        expect.arrayContaining([
          `--location=${REGION}`,
          '--max-attempts=1000',
          '--min-backoff=1s',
          '--max-backoff=600s',
          '--log-sampling-ratio=1.0',
        ]),
      );
      expect(flag(command, '--max-doublings')).toMatch(/^\d+$/);
      expect(flag(command, '--max-dispatches-per-second')).toMatch(/^\d+$/);
    }
    const bucket = stepRunning(
      steps,
      'gcloud',
      'storage',
      'buckets',
      'create',
      `gs://${PROJECT}-hearth-dead-letters`,
    );
    expect(bucket.check).toBeDefined();
    const sink = stepRunning(steps, 'gcloud', 'logging', 'sinks', 'create');
    expect(sink.run).toContain(`storage.googleapis.com/${PROJECT}-hearth-dead-letters`);
    const filter = flag(sink.run, '--log-filter') ?? '';
    expect(filter).toContain('severity>=ERROR');
    expect(filter).toContain('resource.labels.service_name="hearth-writer"');
    expect(filter).toContain('resource.labels.queue_id="hearth-writer"');
    const grant = stepRunning(
      steps,
      'gcloud',
      'storage',
      'buckets',
      'add-iam-policy-binding',
      `gs://${PROJECT}-hearth-dead-letters`,
    );
    expect(grant.run).toEqual(
      expect.arrayContaining([`--member=${ref('DEAD_LETTER_WRITER')}`, '--role=roles/storage.objectCreator']),
    );
  });

  it('ticks the writer every minute with an OIDC token of the invoker, created or updated', () => {
    const job = stepRunning(steps, 'gcloud', 'scheduler', 'jobs', 'create', 'http', 'hearth-tick');
    expect(job.otherwise?.slice(0, 6)).toEqual([
      'gcloud',
      'scheduler',
      'jobs',
      'update',
      'http',
      'hearth-tick',
    ]);
    for (const command of [job.run, job.otherwise ?? []]) {
      expect(command).toEqual(
        expect.arrayContaining([
          '--schedule=* * * * *',
          `--uri=${ref('WRITER_URL')}/scheduler`,
          '--http-method=POST',
          `--oidc-service-account-email=${INVOKER}`,
          `--oidc-token-audience=${ref('WRITER_URL')}`,
          '--time-zone=Etc/UTC',
        ]),
      );
    }
  });

  it('alerts on ERROR logs of the three functions, by email when given one', () => {
    const metric = stepRunning(steps, 'gcloud', 'logging', 'metrics', 'create', 'hearth-errors');
    const filter = flag(metric.run, '--log-filter') ?? '';
    expect(filter).toContain('severity>=ERROR');
    for (const fn of ['hearth-forms', 'hearth-slack', 'hearth-writer']) expect(filter).toContain(`"${fn}"`);
    const channel = stepRunning(steps, 'gcloud', 'beta', 'monitoring', 'channels', 'create');
    expect(channel.run).toEqual(
      expect.arrayContaining(['--type=email', '--channel-labels=email_address=lead@example.org']),
    );
    expect(channel.capture).toBe('ALERT_CHANNEL');
    // Alert policies have a GA command; notification channels only a beta one.
    expect(allCommands(steps).some((c) => c[1] === 'alpha')).toBe(false);
    const policy = stepRunning(steps, 'gcloud', 'monitoring', 'policies', 'create');
    expect(policy.run).toContain(`--notification-channels=${ref('ALERT_CHANNEL')}`);
    const json = JSON.parse(flag(policy.run, '--policy') ?? '{}');
    expect(json.conditions[0].conditionThreshold.filter).toContain(
      'logging.googleapis.com/user/hearth-errors',
    );
    expect(json.conditions[0].conditionThreshold.comparison).toBe('COMPARISON_GT');

    const quiet = deployPlan({ ...options, alertEmail: undefined });
    expect(allCommands(quiet).some((c) => c.includes('channels'))).toBe(false);
    const lone = stepRunning(quiet, 'gcloud', 'monitoring', 'policies', 'create');
    expect(lone.check).toBeDefined();
    expect(lone.run.some((a) => a.startsWith('--notification-channels'))).toBe(false);
  });

  it('feeds secrets on stdin by name; without a variable, checks the stored value exists', () => {
    const adds = steps.filter((s) => s.stdinFrom);
    expect(adds.map((s) => s.stdinFrom).sort()).toEqual([...SECRET_VARIABLES].sort());
    for (const add of adds) {
      expect(add.run.slice(0, 4)).toEqual(['gcloud', 'secrets', 'versions', 'add']);
      expect(add.run).toContain('--data-file=-');
      expect(add.checkMatches).toBe(add.stdinFrom);
    }
    const without = deployPlan({ ...options, secretsPresent: ['SLACK_BOT_TOKEN'] });
    expect(without.filter((s) => s.stdinFrom).map((s) => s.stdinFrom)).toEqual(['SLACK_BOT_TOKEN']);
    const kept = without.filter((s) => s.run.slice(0, 4).join(' ') === 'gcloud secrets versions describe');
    expect(kept.map((s) => s.run[5])).toEqual([
      '--secret=hearth-slack-signing-secret',
      '--secret=hearth-form-relay-secret',
    ]);
    expect(kept[0]?.hint).toContain('SLACK_SIGNING_SECRET');
  });

  it('never holds a secret value, whatever the environment', () => {
    const text = JSON.stringify(steps) + formatPlan(steps);
    for (const value of Object.values(SECRETS)) expect(text).not.toContain(value);
  });
});

describe('options and printing', () => {
  it('says what is wrong and how to fix it', () => {
    expect(optionProblems({ region: REGION, spreadsheetId: SHEET })).toEqual([
      expect.stringMatching(/No Google Cloud project: pass --project=PROJECT_ID, set GOOGLE_CLOUD_PROJECT/),
    ]);
    const problems = optionProblems({
      project: 'My Group',
      region: 'london',
      spreadsheetId: 'abc',
      alertEmail: 'nope',
    });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/project ID.*console\.cloud\.google\.com/);
    expect(problems.join('\n')).toContain('gcloud functions regions list');
    expect(problems.join('\n')).toContain('docs.google.com/spreadsheets/d/<ID>/edit');
    expect(optionProblems(options)).toEqual([]);
    expect(spreadsheetIdOf(`https://docs.google.com/spreadsheets/d/${SHEET}/edit#gid=0`)).toBe(SHEET);
  });

  it('quotes for the shell and fills in captured values', () => {
    expect(shellQuote('--project=a-b')).toBe('--project=a-b');
    expect(shellQuote('--format=value(name)')).toBe(`'--format=value(name)'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote(`--uri=${ref('WRITER_URL')}/scheduler`)).toBe(`"--uri=${ref('WRITER_URL')}/scheduler"`);
    expect(substitute([`--uri=${ref('WRITER_URL')}/x`], { WRITER_URL: 'https://w' })).toEqual([
      '--uri=https://w/x',
    ]);
    expect(() => substitute([ref('FORMS_URL')], {})).toThrow(/before a step captured it/);
  });
});

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `npm run deploy -- …` as a child process. */
function deploy(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/deploy.ts', ...args], {
      cwd: ROOT,
      env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
  });
}

/**
 * A fake gcloud: records each call (arguments, and what came on stdin) as a JSON line, answers checks from
 * FAKE_EXISTING ("all" or nothing), URLs for `functions describe`, and a stored secret from
 * FAKE_SECRET_<secret name, - as _>. Called as `npm`, it only records the call. A deploy makes some 50 calls,
 * so it is a bash script of builtins only: a Node script would spend most of the test starting Node.
 */
const FAKE_GCLOUD = `#!/bin/bash
q='"' b='\\'
# Sets REPLY to $1 as a JSON string.
json() {
  local s=\${1//"$b"/"$b$b"}
  s=\${s//"$q"/"$b$q"}
  s=\${s//$'\\n'/"\${b}n"}
  s=\${s//$'\\r'/"\${b}r"}
  s=\${s//$'\\t'/"\${b}t"}
  REPLY="$q$s$q"
}
stdin=''
if [[ \${0##*/} == npm ]]; then set -- npm "$@"; else IFS= read -r -d '' stdin; fi
entry='{"args":[' sep=''
for arg in "$@"; do
  json "$arg"
  entry+="$sep$REPLY" sep=','
done
json "$stdin"
printf '%s],"stdin":%s}\\n' "$entry" "$REPLY" >>"$FAKE_LOG"
[[ $1 == npm ]] && exit 0

line="$*"
say() { printf '%s\\n' "$1"; exit 0; }
missing() { printf 'ERROR: NOT_FOUND\\n' >&2; exit 1; }
exists=; [[ $FAKE_EXISTING == all ]] && exists=1
[[ $1 == --version ]] && say 'Google Cloud SDK 999.0.0 (fake)'
if [[ -n $FAKE_FAIL && $line == "$FAKE_FAIL"* ]]; then printf 'ERROR: (fake) refused\\n' >&2; exit 1; fi
[[ $line == 'config get-value project'* ]] && exit 0
if [[ $line == 'auth list'* ]]; then [[ -n $FAKE_NO_LOGIN ]] && exit 0; say lead@example.org; fi
[[ $line == 'projects describe'* ]] && say "$3"
[[ $line == 'functions describe'* ]] && say "https://$3-abc123-nw.a.run.app"
[[ $line == 'logging sinks describe'* && $line == *writerIdentity* ]] && say 'serviceAccount:service-1@gcp-sa-logging.iam.gserviceaccount.com'
if [[ $line == 'secrets versions access'* ]]; then
  for arg in "$@"; do [[ $arg == --secret=* ]] && secret=\${arg#--secret=}; done
  stored=FAKE_SECRET_\${secret//-/_}
  [[ -n $exists && -n \${!stored} ]] && say "\${!stored}"
  missing
fi
[[ $line == 'secrets versions describe'* ]] && say 'projects/1/secrets/x/versions/1'
if [[ " $line " == *' describe '* || " $line " == *' list '* ]]; then [[ -n $exists ]] && say 'projects/${PROJECT}/thing/1'; missing; fi
[[ $line == *'channels create'* ]] && say 'projects/${PROJECT}/notificationChannels/42'
[[ $line == *'policies create'* ]] && say 'projects/${PROJECT}/alertPolicies/7'
exit 0
`;

describe('npm run deploy', () => {
  let dir: string;
  let bin: string;
  let baseEnv: NodeJS.ProcessEnv;
  const args = [`--project=${PROJECT}`, `--spreadsheet=${SHEET}`, '--alert-email=lead@example.org'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-deploy-'));
    bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'gcloud'), FAKE_GCLOUD);
    await writeFile(join(bin, 'npm'), FAKE_GCLOUD);
    await chmod(join(bin, 'gcloud'), 0o755);
    await chmod(join(bin, 'npm'), 0o755);
    baseEnv = { ...process.env };
    for (const name of [...SECRET_VARIABLES, 'GOOGLE_CLOUD_PROJECT', 'SPREADSHEET_ID']) delete baseEnv[name];
    // Only the fakes are on PATH: no real gcloud is ever reached.
    baseEnv.PATH = bin;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function calls(log: string): Promise<{ args: string[]; stdin: string }[]> {
    return (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  }

  it('--dry-run prints every command, numbered, and no secret value', async () => {
    const log = join(dir, 'dry.jsonl');
    const run = await deploy(['--dry-run', ...args], { ...baseEnv, ...SECRETS, FAKE_LOG: log });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const steps = deployPlan(options);
    expect(run.out).toContain(formatPlan(steps));
    expect(run.out).toMatch(/^ 1\. Enable the Google Cloud APIs/m);
    expect(run.out).toMatch(new RegExp(`^${steps.length}\\. `, 'm'));
    expect(run.out).toContain(
      `printf '%s' "$SLACK_BOT_TOKEN" | gcloud secrets versions add hearth-slack-bot-token`,
    );
    expect(run.out).toContain('--runtime=nodejs22');
    expect(run.out).toContain('WRITER_URL=$(gcloud functions describe hearth-writer');
    expect(run.out).toContain('$SLACK_URL/slack/events');
    expect(run.out).toContain(`Share the spreadsheet with ${RUNTIME}`);
    for (const value of Object.values(SECRETS)) {
      expect(run.out).not.toContain(value);
      expect(run.err).not.toContain(value);
    }
    // A dry run runs nothing, not even gcloud.
    await expect(readFile(log, 'utf8')).rejects.toThrow();
  });

  it('stops with a clear error when there is no project', async () => {
    const run = await deploy(['--dry-run', `--spreadsheet=${SHEET}`], {
      ...baseEnv,
      FAKE_LOG: join(dir, 'np'),
    });
    expect(run.code).not.toBe(0);
    expect(run.err).toContain('No Google Cloud project: pass --project=PROJECT_ID');
    expect(run.err).toContain('Usage: npm run deploy');
    expect(run.out).toBe('');
  });

  it('stops with a clear error for a bad value or an unknown option', async () => {
    const bad = await deploy([`--project=${PROJECT}`, '--spreadsheet=nope', '--region=mars'], {
      ...baseEnv,
      FAKE_LOG: join(dir, 'bad'),
    });
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('is not a spreadsheet ID');
    expect(bad.err).toContain('is not a Cloud Functions region');
    const unknown = await deploy(['--projct=x'], { ...baseEnv, FAKE_LOG: join(dir, 'unknown') });
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/--projct/);
  });

  it('says how to get gcloud when it is not on PATH', async () => {
    const run = await deploy(args, { ...baseEnv, PATH: join(dir, 'empty'), ...SECRETS });
    expect(run.code).not.toBe(0);
    expect(run.err).toContain('gcloud is not on PATH: install the Google Cloud CLI');
  });

  it('creates what is missing, feeds the secrets on stdin only, and prints the three URLs', async () => {
    const log = join(dir, 'first.jsonl');
    const run = await deploy(args, { ...baseEnv, ...SECRETS, FAKE_LOG: log });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const made = await calls(log);
    const lines = made.map((c) => c.args.join(' '));
    for (const value of Object.values(SECRETS)) {
      expect(run.out).not.toContain(value);
      expect(made.some((c) => c.args.join(' ').includes(value))).toBe(false);
    }
    // Each secret went in on stdin, to its own secret.
    for (const [variable, value] of Object.entries(SECRETS)) {
      const secret = {
        SLACK_BOT_TOKEN: 'hearth-slack-bot-token',
        SLACK_SIGNING_SECRET: 'hearth-slack-signing-secret',
        FORM_RELAY_SECRET: 'hearth-form-relay-secret',
      }[variable];
      const add = made.find((c) => c.args.join(' ').startsWith(`secrets versions add ${secret} `));
      expect(add?.stdin, variable).toBe(value);
    }
    expect(made.filter((c) => c.stdin !== '')).toHaveLength(3);
    expect(lines).toContain(
      `tasks queues create hearth-writer --location=${REGION} --project=${PROJECT} --max-attempts=1000 --min-backoff=1s --max-backoff=600s --max-doublings=9 --max-dispatches-per-second=10 --max-concurrent-dispatches=40 --log-sampling-ratio=1.0`,
    );
    expect(lines.some((l) => l.startsWith('tasks queues update'))).toBe(false);
    expect(lines).toContain('npm run build');
    // The writer's URL, read after deploying it, went into the doors and the scheduler.
    const writerUrl = 'https://hearth-writer-abc123-nw.a.run.app';
    expect(lines.find((l) => l.startsWith('functions deploy hearth-forms'))).toContain(
      `WRITER_URL=${writerUrl},`,
    );
    expect(lines.find((l) => l.startsWith('scheduler jobs create http hearth-tick'))).toContain(
      `--uri=${writerUrl}/scheduler`,
    );
    expect(lines).toContain(
      `storage buckets add-iam-policy-binding gs://${PROJECT}-hearth-dead-letters --project=${PROJECT} --member=serviceAccount:service-1@gcp-sa-logging.iam.gserviceaccount.com --role=roles/storage.objectCreator`,
    );
    expect(lines.find((l) => l.startsWith('monitoring policies create'))).toContain(
      `--notification-channels=projects/${PROJECT}/notificationChannels/42`,
    );
    expect(run.out).toContain('https://hearth-slack-abc123-nw.a.run.app/slack/events');
    expect(run.out).toContain('https://hearth-forms-abc123-nw.a.run.app');
    expect(run.out).toContain(writerUrl);
    expect(run.out).toContain(`Share the spreadsheet with ${RUNTIME}`);
  });

  it('stops at a failing step with its error and what to do, before anything after it', async () => {
    const log = join(dir, 'fail.jsonl');
    const run = await deploy(args, {
      ...baseEnv,
      ...SECRETS,
      FAKE_LOG: log,
      FAKE_FAIL: 'tasks queues create',
    });
    expect(run.code).toBe(1);
    expect(run.err).toContain('failed (exit code 1): Cloud Tasks queue hearth-writer');
    expect(run.err).toContain('ERROR: (fake) refused');
    expect(run.err).toContain('every step is safe to repeat');
    const lines = (await calls(log)).map((c) => c.args.join(' '));
    expect(lines.some((l) => l.startsWith('functions deploy'))).toBe(false);
    for (const value of Object.values(SECRETS)) expect(run.out + run.err).not.toContain(value);
  });

  it.each([
    ['no gcloud login', { FAKE_NO_LOGIN: '1', ...SECRETS }, 'gcloud is not logged in: run gcloud auth login'],
    [
      'a secret neither set nor stored',
      {
        SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
        FORM_RELAY_SECRET: SECRETS.FORM_RELAY_SECRET,
        FAKE_FAIL: 'secrets versions describe latest --secret=hearth-slack-signing-secret',
      },
      'SLACK_SIGNING_SECRET is not set and hearth-slack-signing-secret has no stored value (a first deploy needs all three secrets): set SLACK_SIGNING_SECRET (the Slack app → Basic Information → Signing Secret)',
    ],
  ])('%s: stops before step 1, saying what to do, having changed nothing', async (_, env, says) => {
    const log = join(dir, `pre-${_.replace(/\W+/g, '-')}.jsonl`);
    const run = await deploy(args, { ...baseEnv, ...env, FAKE_LOG: log });
    expect(run.code).toBe(1);
    expect(run.err).toContain(says);
    expect(run.err).toContain('Nothing was changed');
    expect(run.err).not.toMatch(/billing/i);
    const lines = (await calls(log)).map((c) => c.args.join(' '));
    expect(lines.some((l) => l.startsWith('services enable'))).toBe(false);
    expect(
      lines.every((l) => /^(--version|auth list|projects describe|secrets versions describe)/.test(l)),
    ).toBe(true);
  });

  it('--dry-run warns when the real run will stop for a secret that is not set', async () => {
    const run = await deploy(['--dry-run', ...args], {
      ...baseEnv,
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      FAKE_LOG: join(dir, 'dry-missing.jsonl'),
    });
    expect(run.code).toBe(0);
    for (const variable of ['SLACK_SIGNING_SECRET', 'FORM_RELAY_SECRET']) {
      expect(run.out).toMatch(new RegExp(`^! ${variable} is not set: the real run stops before step 1`, 'm'));
    }
    expect(run.out).not.toContain('! SLACK_BOT_TOKEN');
    expect(run.out).toContain('gcloud auth list --filter=status:ACTIVE');
    expect(run.out).not.toContain(SECRETS.SLACK_BOT_TOKEN);
  });

  it('run again, updates what exists and adds a secret version only when the value changed', async () => {
    const log = join(dir, 'again.jsonl');
    const run = await deploy(args, {
      ...baseEnv,
      ...SECRETS,
      FAKE_LOG: log,
      FAKE_EXISTING: 'all',
      // The bot token is stored already; the other two changed.
      FAKE_SECRET_hearth_slack_bot_token: SECRETS.SLACK_BOT_TOKEN,
      FAKE_SECRET_hearth_slack_signing_secret: 'an older value',
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const lines = (await calls(log)).map((c) => c.args.join(' '));
    expect(lines.filter((l) => / create /.test(` ${l} `) && !l.startsWith('functions'))).toEqual([]);
    for (const update of [
      'tasks queues update hearth-writer',
      'logging sinks update hearth-dead-letters',
      'scheduler jobs update http hearth-tick',
      'logging metrics update hearth-errors',
      `beta monitoring channels update projects/${PROJECT}/thing/1`,
      `monitoring policies update projects/${PROJECT}/thing/1`,
    ]) {
      expect(
        lines.some((l) => l.startsWith(update)),
        update,
      ).toBe(true);
    }
    const added = lines.filter((l) => l.startsWith('secrets versions add')).map((l) => l.split(' ')[3]);
    expect(added).toEqual(['hearth-slack-signing-secret', 'hearth-form-relay-secret']);
    expect(run.out).toContain('unchanged: nothing to do');
    for (const value of [...Object.values(SECRETS), 'an older value']) expect(run.out).not.toContain(value);
  });
});

describe('the queue and the writer agree', () => {
  it('the queue gives up after the attempt the writer logs as a dead letter', () => {
    expect(QUEUE_RETRY.maxAttempts).toBe(TASK_MAX_ATTEMPTS);
  });
});

/** The pauses between a task's attempts, as Cloud Tasks spaces them: doubling, then linear, capped. */
function queuePauses(q: typeof QUEUE_RETRY): number[] {
  const min = Number.parseInt(q.minBackoff, 10);
  const max = Number.parseInt(q.maxBackoff, 10);
  const pauses: number[] = [];
  for (let k = 0; k < q.maxAttempts - 1; k++) {
    const doubled = min * 2 ** Math.min(k, q.maxDoublings);
    const linear = Math.max(0, k - q.maxDoublings) * min * 2 ** q.maxDoublings;
    pauses.push(Math.min(max, doubled + linear));
  }
  return pauses;
}

describe('the docs say what the plan does', () => {
  const read = (file: string) => readFile(join(ROOT, file), 'utf8');

  it('the queue’s backoff, as docs/deploy.md tells it', async () => {
    const pauses = queuePauses(QUEUE_RETRY);
    const total = pauses.reduce((a, b) => a + b, 0);
    const days = Math.round((total / 86_400) * 2) / 2;
    const doubled = Number.parseInt(QUEUE_RETRY.minBackoff, 10) * 2 ** QUEUE_RETRY.maxDoublings;
    expect(await read('docs/deploy.md')).toContain(
      `up to ${QUEUE_RETRY.maxAttempts} attempts per task, ${pauses[0]} s doubling to ${doubled} s apart, then every ${(pauses.at(-1) ?? 0) / 60} minutes (about ${days} days in all)`,
    );
  });

  it('docs/forms.md names the deployed forms function', async () => {
    const forms = await read('docs/forms.md');
    expect(forms).toContain('gcloud functions describe hearth-forms');
    expect(forms).not.toMatch(/functions describe forms\b/);
  });

  it('docs/deploy.md tells the warm Slack door and what it costs', async () => {
    const text = await read('docs/deploy.md');
    expect(text).toContain(`--min-instances=${SLACK_MIN_INSTANCES}`);
    expect(text).toContain('--slack-min-instances=0');
    expect(text).toMatch(/US\$\d+ a month/);
  });
});
