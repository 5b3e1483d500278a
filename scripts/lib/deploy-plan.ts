/**
 * The deploy plan: every command `npm run deploy` runs to put Hearth on Google Cloud, as data. Pure: no I/O, no
 * environment, no clock. scripts/deploy.ts prints it (`--dry-run`) or runs it.
 *
 * Every step is safe to repeat: a `check` says whether the thing exists, then `run` creates it or `otherwise`
 * updates it; the other steps (enabling APIs, IAM bindings, `functions deploy`) are idempotent themselves.
 * Secret values are never part of the plan: a step names the environment variable fed to it on stdin.
 */
import { MEMORY_STEPS } from '../../functions/writer/memory.js';

/** The secrets, by the environment variable that holds each value while deploying (and at runtime). */
export const SECRET_VARIABLES = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'FORM_RELAY_SECRET'] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** Values read from a step's output and put into later commands where they say `${NAME}`. */
export const CAPTURED = [
  'WRITER_URL',
  'FORMS_URL',
  'SLACK_URL',
  'DEAD_LETTER_WRITER',
  'ALERT_CHANNEL',
  'ALERT_POLICY',
] as const;
export type Captured = (typeof CAPTURED)[number];

/** `${NAME}`: where a captured value goes in a later command. */
export const ref = (name: Captured): string => `\${${name}}`;

export interface Step {
  title: string;
  /** Exists when this command succeeds and prints something (every check asks for a `value(…)` format). */
  check?: string[];
  /** Creates (or, without a check, simply does) the thing. */
  run: string[];
  /** Updates the thing when the check found it; absent: nothing to do then. */
  otherwise?: string[];
  /** The environment variable whose value is fed to `run` on stdin, never on the command line. */
  stdinFrom?: SecretVariable;
  /**
   * The check prints the secret's current value: the step is skipped when it equals this variable's value. The
   * runner compares them in memory and never prints or keeps either.
   */
  checkMatches?: SecretVariable;
  /** The first line printed by the check (when the thing exists) or else by `run`, for later commands. */
  capture?: Captured;
  /** Tries again after a pause: IAM takes a few seconds to know a service account it has just made. */
  retries?: number;
  /** Said when the step fails, with the command's own error. */
  hint?: string;
}

export interface DeployOptions {
  project: string;
  region: string;
  /** The spreadsheet's ID (from docs.google.com/spreadsheets/d/<ID>/edit). */
  spreadsheetId: string;
  /** Prefix of every name this makes. Default `hearth`. */
  prefix?: string;
  /** The writer's tick, a cron schedule. Default every minute. */
  schedule?: string;
  /** The time zone of `schedule`. Default Etc/UTC. */
  timeZone?: string;
  /** Where the error alert sends email; without it the alert shows in the console only. */
  alertEmail?: string;
  /** Slack door instances kept warm (billed while idle). Default SLACK_MIN_INSTANCES; 0 saves that cost. */
  slackMinInstances?: number;
  /** The writer's memory in MB, one of MEMORY_STEPS. Default WRITER_MEMORY_MB_DEFAULT. */
  writerMemoryMb?: number;
  /** The secret variables set in the environment (names only): each adds a new secret version if it changed. */
  secretsPresent?: readonly SecretVariable[];
}

export const DEFAULT_REGION = 'europe-west2';
export const DEFAULT_PREFIX = 'hearth';
export const DEFAULT_SCHEDULE = '* * * * *';
export const DEFAULT_TIME_ZONE = 'Etc/UTC';
/** Instances of the Slack door kept warm (billed while idle: see docs/deploy.md#costs). */
export const SLACK_MIN_INSTANCES = 1;
/** The writer's memory (its log says when a growing sheet nears it: README "Going live"). */
export const WRITER_MEMORY_MB_DEFAULT = 512;

/**
 * The JavaScript heap the writer may grow to (NODE_OPTIONS --max-old-space-size): half its memory. Node does not
 * see the function's memory limit, and without a bound lets garbage pile up far past it before collecting (a
 * burst at 10,000 members took the writer to 900 MB with under 100 MB alive); the rest is for what lives
 * outside the heap (responses being read, buffers, the code).
 */
export const writerHeapMb = (memoryMb: number) => Math.floor(memoryMb / 2);

export const APIS = [
  'cloudfunctions.googleapis.com',
  'run.googleapis.com',
  'cloudbuild.googleapis.com',
  'artifactregistry.googleapis.com',
  'cloudtasks.googleapis.com',
  'cloudscheduler.googleapis.com',
  'secretmanager.googleapis.com',
  'sheets.googleapis.com',
  'logging.googleapis.com',
  'monitoring.googleapis.com',
  'iam.googleapis.com',
  'storage.googleapis.com',
] as const;

/** The writer's queue: Cloud Tasks retries a failed delivery with these, then drops the task. */
export const QUEUE_RETRY = {
  // The writer logs a dead letter on the last attempt: functions/writer-door.ts TASK_MAX_ATTEMPTS (a test checks).
  // Work held for a paused tab (a header renamed over a weekend) is answered 503 until the header is back: the
  // queue keeps it about a week, then drops it with a dead letter.
  maxAttempts: 1000,
  minBackoff: '1s',
  maxBackoff: '600s',
  /** 1 s, 2 s, 4 s … 512 s, then every 10 minutes: about 7 days in all. */
  maxDoublings: 9,
  maxDispatchesPerSecond: 10,
  /** Below the writer's concurrency (80), so its one instance never turns a delivery away. */
  maxConcurrentDispatches: 40,
} as const;

/** Where each secret's value comes from, for the messages that ask for it. */
export const SECRET_SOURCES: Record<SecretVariable, string> = {
  SLACK_BOT_TOKEN: 'the Slack app → OAuth & Permissions → Bot User OAuth Token (xoxb-…)',
  SLACK_SIGNING_SECRET: 'the Slack app → Basic Information → Signing Secret',
  FORM_RELAY_SECRET: 'the value you put in the form relay script (make one with openssl rand -hex 32)',
};

/** The names of everything the plan makes, derived from the project, region and prefix. */
export function deployNames(options: Pick<DeployOptions, 'project' | 'region' | 'prefix'>) {
  const { project, region } = options;
  const p = options.prefix ?? DEFAULT_PREFIX;
  const account = (id: string) => `${id}@${project}.iam.gserviceaccount.com`;
  return {
    runtimeAccount: account(`${p}-runtime`),
    invokerAccount: account(`${p}-invoker`),
    builderAccount: account(`${p}-builder`),
    secrets: {
      SLACK_BOT_TOKEN: `${p}-slack-bot-token`,
      SLACK_SIGNING_SECRET: `${p}-slack-signing-secret`,
      FORM_RELAY_SECRET: `${p}-form-relay-secret`,
    } satisfies Record<SecretVariable, string>,
    queue: `${p}-writer`,
    queuePath: `projects/${project}/locations/${region}/queues/${p}-writer`,
    functions: { forms: `${p}-forms`, slack: `${p}-slack`, writer: `${p}-writer` },
    schedulerJob: `${p}-tick`,
    deadLetterBucket: `${project}-${p}-dead-letters`,
    leaseBucket: `${project}-${p}-lease`,
    deadLetterSink: `${p}-dead-letters`,
    errorMetric: `${p}-errors`,
    alertChannel: `${p}-alerts`,
    alertPolicy: `${p}-errors`,
  };
}

/** The secrets each function reads: every function loads the whole configuration, so each needs the two
 * request secrets; the bot token only where Slack is spoken to. */
const FUNCTION_SECRETS: Record<'forms' | 'slack' | 'writer', readonly SecretVariable[]> = {
  forms: ['FORM_RELAY_SECRET', 'SLACK_SIGNING_SECRET'],
  slack: ['SLACK_SIGNING_SECRET', 'FORM_RELAY_SECRET', 'SLACK_BOT_TOKEN'],
  writer: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'FORM_RELAY_SECRET'],
};

/** The log entries that count as errors: ERROR or worse from any of the three functions. */
export function errorLogFilter(options: Pick<DeployOptions, 'project' | 'region' | 'prefix'>): string {
  const { functions } = deployNames(options);
  const services = [functions.forms, functions.slack, functions.writer].map((s) => `"${s}"`).join(' OR ');
  return `resource.type="cloud_run_revision" AND resource.labels.service_name=(${services}) AND severity>=ERROR`;
}

/**
 * The dead letters: Cloud Tasks drops a task after its last attempt, so what failed is kept from the logs. The
 * writer's ERROR entries (each failed delivery, with the error) and the queue's own ERROR entries (each failed
 * attempt with the task name and dispatch count; the queue logs every operation) go to a bucket.
 */
export function deadLetterFilter(options: Pick<DeployOptions, 'project' | 'region' | 'prefix'>): string {
  const { functions, queue } = deployNames(options);
  return (
    `severity>=ERROR AND ((resource.type="cloud_run_revision" AND resource.labels.service_name="${functions.writer}")` +
    ` OR (resource.type="cloud_tasks_queue" AND resource.labels.queue_id="${queue}"))`
  );
}

/** The alert policy, as the JSON `gcloud monitoring policies create --policy` takes. */
export function alertPolicy(options: Pick<DeployOptions, 'project' | 'region' | 'prefix'>): string {
  const names = deployNames(options);
  return JSON.stringify({
    displayName: names.alertPolicy,
    combiner: 'OR',
    conditions: [
      {
        displayName: `${names.functions.forms}, ${names.functions.slack} or ${names.functions.writer} logged an ERROR`,
        conditionThreshold: {
          filter: `metric.type="logging.googleapis.com/user/${names.errorMetric}" AND resource.type="cloud_run_revision"`,
          comparison: 'COMPARISON_GT',
          thresholdValue: 0,
          duration: '0s',
          aggregations: [
            { alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_SUM', crossSeriesReducer: 'REDUCE_SUM' },
          ],
          trigger: { count: 1 },
        },
      },
    ],
    alertStrategy: { autoClose: '86400s' },
    documentation: {
      mimeType: 'text/markdown',
      content:
        'Hearth logged an ERROR. In Logs Explorer, query `severity>=ERROR` for the three functions; a delivery ' +
        `the writer gave up on is kept in gs://${names.deadLetterBucket}.`,
    },
  });
}

/** The commands that put Hearth on Google Cloud, in order. */
export function deployPlan(options: DeployOptions): Step[] {
  const { project, region, spreadsheetId } = options;
  const names = deployNames(options);
  const schedule = options.schedule ?? DEFAULT_SCHEDULE;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const present = new Set(options.secretsPresent ?? []);
  const P = `--project=${project}`;
  const R = `--region=${region}`;
  const L = `--location=${region}`;
  const runtime = `serviceAccount:${names.runtimeAccount}`;
  const invoker = `serviceAccount:${names.invokerAccount}`;
  const steps: Step[] = [];

  steps.push({
    title: 'Enable the Google Cloud APIs Hearth uses',
    run: ['gcloud', 'services', 'enable', ...APIS, P],
    hint: 'Enabling APIs needs a billing account linked to the project (console.cloud.google.com/billing) and Service Usage Admin (or Owner) for your login',
  });

  for (const [id, purpose] of [
    [
      names.runtimeAccount,
      'the functions run as it: it reads the secrets, calls the Sheets API, enqueues tasks',
    ],
    [names.invokerAccount, 'Cloud Tasks and Cloud Scheduler sign their calls to the private writer as it'],
    [names.builderAccount, 'Cloud Build builds the functions as it'],
  ] as const) {
    const accountId = id.slice(0, id.indexOf('@'));
    steps.push({
      title: `Service account ${accountId} (${purpose})`,
      check: ['gcloud', 'iam', 'service-accounts', 'describe', id, P, '--format=value(email)'],
      run: [
        'gcloud',
        'iam',
        'service-accounts',
        'create',
        accountId,
        P,
        `--display-name=Hearth ${accountId}`,
      ],
    });
  }

  // Since mid-2024 a new project's default build account may lack the rights to build a function: the
  // functions are built as an account of their own, given the Cloud Build builder role (logs, images, sources).
  steps.push({
    title: `${names.builderAccount} may build (roles/cloudbuild.builds.builder)`,
    run: [
      'gcloud',
      'projects',
      'add-iam-policy-binding',
      project,
      `--member=serviceAccount:${names.builderAccount}`,
      '--role=roles/cloudbuild.builds.builder',
      P,
      '--condition=None',
      '--format=none',
    ],
    retries: 3,
    hint: 'Granting a project role needs Owner or Project IAM Admin on the project',
  });

  for (const variable of SECRET_VARIABLES) {
    const secret = names.secrets[variable];
    steps.push({
      title: `Secret ${secret} (${variable})`,
      check: ['gcloud', 'secrets', 'describe', secret, P, '--format=value(name)'],
      run: ['gcloud', 'secrets', 'create', secret, P, '--replication-policy=automatic'],
    });
    if (present.has(variable)) {
      steps.push({
        title: `Secret ${secret}: a new version from $${variable} (on stdin), unless it holds that value already`,
        check: ['gcloud', 'secrets', 'versions', 'access', 'latest', `--secret=${secret}`, P],
        checkMatches: variable,
        run: ['gcloud', 'secrets', 'versions', 'add', secret, P, '--data-file=-'],
        stdinFrom: variable,
      });
    } else {
      steps.push({
        title: `Secret ${secret} has a value ($${variable} is not set, so the stored one is kept)`,
        run: storedVersion(secret, project),
        hint: `${secret} has no value yet: set ${variable} (${SECRET_SOURCES[variable]}) and run again`,
      });
    }
    steps.push({
      title: `${names.runtimeAccount} may read ${secret}`,
      run: [
        'gcloud',
        'secrets',
        'add-iam-policy-binding',
        secret,
        P,
        `--member=${runtime}`,
        '--role=roles/secretmanager.secretAccessor',
      ],
      retries: 3,
    });
  }

  const queueFlags = [
    L,
    P,
    `--max-attempts=${QUEUE_RETRY.maxAttempts}`,
    `--min-backoff=${QUEUE_RETRY.minBackoff}`,
    `--max-backoff=${QUEUE_RETRY.maxBackoff}`,
    `--max-doublings=${QUEUE_RETRY.maxDoublings}`,
    `--max-dispatches-per-second=${QUEUE_RETRY.maxDispatchesPerSecond}`,
    `--max-concurrent-dispatches=${QUEUE_RETRY.maxConcurrentDispatches}`,
    '--log-sampling-ratio=1.0',
  ];
  steps.push({
    title: `Cloud Tasks queue ${names.queue} (${QUEUE_RETRY.maxAttempts} attempts, ${QUEUE_RETRY.minBackoff} to ${QUEUE_RETRY.maxBackoff} apart; every operation logged)`,
    check: ['gcloud', 'tasks', 'queues', 'describe', names.queue, L, P, '--format=value(name)'],
    run: ['gcloud', 'tasks', 'queues', 'create', names.queue, ...queueFlags],
    otherwise: ['gcloud', 'tasks', 'queues', 'update', names.queue, ...queueFlags],
  });
  steps.push({
    title: `${names.runtimeAccount} may enqueue tasks on ${names.queue}`,
    run: [
      'gcloud',
      'tasks',
      'queues',
      'add-iam-policy-binding',
      names.queue,
      L,
      P,
      `--member=${runtime}`,
      '--role=roles/cloudtasks.enqueuer',
    ],
    retries: 3,
  });
  steps.push({
    title: `${names.runtimeAccount} may have tasks signed as ${names.invokerAccount}`,
    run: [
      'gcloud',
      'iam',
      'service-accounts',
      'add-iam-policy-binding',
      names.invokerAccount,
      P,
      `--member=${runtime}`,
      '--role=roles/iam.serviceAccountUser',
    ],
    retries: 3,
  });

  const bucket = `gs://${names.deadLetterBucket}`;
  steps.push({
    title: `Bucket ${bucket} for the dead letters (deliveries the writer gave up on)`,
    check: ['gcloud', 'storage', 'buckets', 'describe', bucket, P, '--format=value(name)'],
    run: [
      'gcloud',
      'storage',
      'buckets',
      'create',
      bucket,
      P,
      L,
      '--uniform-bucket-level-access',
      '--public-access-prevention',
    ],
  });
  const sinkFlags = [P, `--log-filter=${deadLetterFilter(options)}`];
  const destination = `storage.googleapis.com/${names.deadLetterBucket}`;
  steps.push({
    title: `Log sink ${names.deadLetterSink}: the writer's and the queue's ERROR entries into ${bucket}`,
    check: ['gcloud', 'logging', 'sinks', 'describe', names.deadLetterSink, P, '--format=value(name)'],
    run: ['gcloud', 'logging', 'sinks', 'create', names.deadLetterSink, destination, ...sinkFlags],
    otherwise: ['gcloud', 'logging', 'sinks', 'update', names.deadLetterSink, destination, ...sinkFlags],
  });
  steps.push({
    title: `The identity the sink ${names.deadLetterSink} writes as`,
    run: [
      'gcloud',
      'logging',
      'sinks',
      'describe',
      names.deadLetterSink,
      P,
      '--format=value(writerIdentity)',
    ],
    capture: 'DEAD_LETTER_WRITER',
  });
  steps.push({
    title: `The sink may write to ${bucket}`,
    run: [
      'gcloud',
      'storage',
      'buckets',
      'add-iam-policy-binding',
      bucket,
      P,
      `--member=${ref('DEAD_LETTER_WRITER')}`,
      '--role=roles/storage.objectCreator',
    ],
    retries: 3,
  });

  const leaseBucket = `gs://${names.leaseBucket}`;
  steps.push({
    title: `Bucket ${leaseBucket} for the writers' lease (one writer at a time, even while a deploy overlaps two)`,
    check: ['gcloud', 'storage', 'buckets', 'describe', leaseBucket, P, '--format=value(name)'],
    run: [
      'gcloud',
      'storage',
      'buckets',
      'create',
      leaseBucket,
      P,
      L,
      '--uniform-bucket-level-access',
      '--public-access-prevention',
    ],
  });
  steps.push({
    title: `${names.runtimeAccount} may take, renew and release the lease in ${leaseBucket}`,
    run: [
      'gcloud',
      'storage',
      'buckets',
      'add-iam-policy-binding',
      leaseBucket,
      P,
      `--member=${runtime}`,
      '--role=roles/storage.objectUser',
    ],
    retries: 3,
  });

  steps.push({
    title:
      'Build (a type error stops here, before anything is uploaded; Cloud Build compiles the upload again)',
    run: ['npm', 'run', 'build'],
  });

  // After a rollback (traffic sent to an older revision), the next deploy serves what it deployed again.
  const common = [
    '--gen2',
    '--runtime=nodejs22',
    '--source=.',
    '--trigger-http',
    '--serve-all-traffic-latest-revision',
    `--build-service-account=projects/${project}/serviceAccounts/${names.builderAccount}`,
    R,
    P,
  ];
  const secretsOf = (fn: keyof typeof FUNCTION_SECRETS) =>
    `--set-secrets=${FUNCTION_SECRETS[fn].map((v) => `${v}=${names.secrets[v]}:latest`).join(',')}`;
  const base = `SHEETS_BACKEND=google,SPREADSHEET_ID=${spreadsheetId}`;
  const writerMemory = options.writerMemoryMb ?? WRITER_MEMORY_MB_DEFAULT;
  const tasks = (writerUrl: string) =>
    `CLOUD_TASKS_QUEUE=${names.queuePath},WRITER_URL=${writerUrl},TASKS_SERVICE_ACCOUNT=${names.invokerAccount}`;

  steps.push({
    title: `Deploy ${names.functions.writer}: private, one instance taking 80 requests at once (group commit)`,
    run: [
      'gcloud',
      'functions',
      'deploy',
      names.functions.writer,
      ...common,
      '--entry-point=writer',
      `--service-account=${names.runtimeAccount}`,
      '--no-allow-unauthenticated',
      '--max-instances=1',
      '--concurrency=80',
      '--cpu=1',
      `--memory=${writerMemory}Mi`,
      '--timeout=300s',
      // The writer hands nothing over, but the configuration asks every cloud function for the Tasks settings:
      // its URL here is its cloudfunctions.net address, known before it exists.
      `--set-env-vars=${base},${tasks(`https://${region}-${project}.cloudfunctions.net/${names.functions.writer}`)},WRITER_LEASE_BUCKET=${names.leaseBucket},WRITER_MEMORY_MB=${writerMemory},NODE_OPTIONS=--max-old-space-size=${writerHeapMb(writerMemory)}`,
      secretsOf('writer'),
    ],
  });
  steps.push({
    title: `The URL of ${names.functions.writer}`,
    run: [
      'gcloud',
      'functions',
      'describe',
      names.functions.writer,
      R,
      P,
      '--format=value(serviceConfig.uri)',
    ],
    capture: 'WRITER_URL',
  });
  steps.push({
    title: `${names.invokerAccount} may call ${names.functions.writer} (Cloud Tasks and Cloud Scheduler do, as it)`,
    run: [
      'gcloud',
      'functions',
      'add-invoker-policy-binding',
      names.functions.writer,
      R,
      P,
      `--member=${invoker}`,
    ],
    retries: 3,
  });

  for (const door of ['forms', 'slack'] as const) {
    // Slack waits 3 s for an answer; a cold start alone can take most of that, so one instance stays warm.
    const minInstances = options.slackMinInstances ?? SLACK_MIN_INSTANCES;
    const warm = door === 'slack' ? [`--min-instances=${minInstances}`] : [];
    steps.push({
      title: `Deploy ${names.functions[door]}: public (it checks every request's signature), hands work to the writer${door === 'slack' && minInstances > 0 ? `; ${minInstances} instance${minInstances > 1 ? 's' : ''} kept warm for Slack’s 3 seconds` : ''}`,
      run: [
        'gcloud',
        'functions',
        'deploy',
        names.functions[door],
        ...common,
        `--entry-point=${door}`,
        `--service-account=${names.runtimeAccount}`,
        '--allow-unauthenticated',
        ...warm,
        '--max-instances=10',
        '--concurrency=80',
        '--cpu=1',
        '--memory=512Mi',
        '--timeout=60s',
        `--set-env-vars=${base},${tasks(ref('WRITER_URL'))}`,
        secretsOf(door),
      ],
    });
    steps.push({
      title: `The URL of ${names.functions[door]}`,
      run: [
        'gcloud',
        'functions',
        'describe',
        names.functions[door],
        R,
        P,
        '--format=value(serviceConfig.uri)',
      ],
      capture: door === 'forms' ? 'FORMS_URL' : 'SLACK_URL',
    });
  }

  const jobFlags = [
    L,
    P,
    `--schedule=${schedule}`,
    `--time-zone=${timeZone}`,
    `--uri=${ref('WRITER_URL')}/scheduler`,
    '--http-method=POST',
    `--oidc-service-account-email=${names.invokerAccount}`,
    `--oidc-token-audience=${ref('WRITER_URL')}`,
    '--attempt-deadline=300s',
  ];
  steps.push({
    title: `Cloud Scheduler job ${names.schedulerJob}: POST ${names.functions.writer}/scheduler (${schedule}), signed as ${names.invokerAccount}`,
    check: ['gcloud', 'scheduler', 'jobs', 'describe', names.schedulerJob, L, P, '--format=value(name)'],
    run: ['gcloud', 'scheduler', 'jobs', 'create', 'http', names.schedulerJob, ...jobFlags],
    otherwise: ['gcloud', 'scheduler', 'jobs', 'update', 'http', names.schedulerJob, ...jobFlags],
  });

  const metricFlags = [
    P,
    `--description=ERROR log entries of ${names.functions.forms}, ${names.functions.slack} and ${names.functions.writer}`,
    `--log-filter=${errorLogFilter(options)}`,
  ];
  steps.push({
    title: `Log-based metric ${names.errorMetric}: ERROR entries of the three functions`,
    check: ['gcloud', 'logging', 'metrics', 'describe', names.errorMetric, P, '--format=value(name)'],
    run: ['gcloud', 'logging', 'metrics', 'create', names.errorMetric, ...metricFlags],
    otherwise: ['gcloud', 'logging', 'metrics', 'update', names.errorMetric, ...metricFlags],
  });

  const betaHint =
    'Notification channels have no GA gcloud command yet: gcloud components install beta (Cloud Shell has it)';
  const policyCheck = [
    'gcloud',
    'monitoring',
    'policies',
    'list',
    P,
    `--filter=displayName="${names.alertPolicy}"`,
    '--limit=1',
    '--format=value(name)',
  ];
  const policyJson = `--policy=${alertPolicy(options)}`;
  if (options.alertEmail) {
    steps.push({
      title: `Email notification channel ${names.alertChannel} (${options.alertEmail})`,
      check: [
        'gcloud',
        'beta',
        'monitoring',
        'channels',
        'list',
        P,
        `--filter=displayName="${names.alertChannel}"`,
        '--limit=1',
        '--format=value(name)',
      ],
      run: [
        'gcloud',
        'beta',
        'monitoring',
        'channels',
        'create',
        P,
        `--display-name=${names.alertChannel}`,
        '--type=email',
        `--channel-labels=email_address=${options.alertEmail}`,
        '--format=value(name)',
      ],
      otherwise: [
        'gcloud',
        'beta',
        'monitoring',
        'channels',
        'update',
        ref('ALERT_CHANNEL'),
        P,
        `--update-channel-labels=email_address=${options.alertEmail}`,
      ],
      capture: 'ALERT_CHANNEL',
      hint: betaHint,
    });
    steps.push({
      title: `Alert policy ${names.alertPolicy}: an email when ${names.errorMetric} counts any ERROR in 5 minutes`,
      check: policyCheck,
      run: [
        'gcloud',
        'monitoring',
        'policies',
        'create',
        P,
        policyJson,
        `--notification-channels=${ref('ALERT_CHANNEL')}`,
        '--format=value(name)',
      ],
      otherwise: [
        'gcloud',
        'monitoring',
        'policies',
        'update',
        ref('ALERT_POLICY'),
        P,
        policyJson,
        `--set-notification-channels=${ref('ALERT_CHANNEL')}`,
      ],
      capture: 'ALERT_POLICY',
    });
  } else {
    // Without an email the policy is made once and then left alone: replacing it would drop a channel an
    // earlier run (or you, in the console) gave it.
    steps.push({
      title: `Alert policy ${names.alertPolicy}: an incident in the console when ${names.errorMetric} counts any ERROR in 5 minutes (--alert-email adds an email)`,
      check: policyCheck,
      run: ['gcloud', 'monitoring', 'policies', 'create', P, policyJson, '--format=value(name)'],
      capture: 'ALERT_POLICY',
    });
  }
  return steps;
}

/** Prints the name of the secret's latest version; fails when it has none. */
function storedVersion(secret: string, project: string): string[] {
  return [
    'gcloud',
    'secrets',
    'versions',
    'describe',
    'latest',
    `--secret=${secret}`,
    `--project=${project}`,
    '--format=value(name)',
  ];
}

/** A check the real run makes before step 1: the command must succeed and print something, else it stops. */
export interface Preflight {
  title: string;
  command: string[];
  /** What is wrong and how to fix it, when the check fails. */
  problem: string;
}

/**
 * What must hold before anything is changed: a gcloud login, a project it can read, and a value for every
 * secret (from its variable, or stored by an earlier deploy). Each failure names its own fix, so a missing
 * login is not mistaken for a missing billing account at step 1.
 */
export function preflightChecks(options: DeployOptions): Preflight[] {
  const { project } = options;
  const names = deployNames(options);
  const present = new Set(options.secretsPresent ?? []);
  const checks: Preflight[] = [
    {
      title: 'gcloud is logged in',
      command: ['gcloud', 'auth', 'list', '--filter=status:ACTIVE', '--format=value(account)'],
      problem:
        'gcloud is not logged in: run gcloud auth login (Cloud Shell is logged in already), then run this again',
    },
    {
      title: `project ${project} can be read with that login`,
      command: ['gcloud', 'projects', 'describe', project, '--format=value(projectId)'],
      problem: `Project ${project} cannot be read with your gcloud login: check the project ID (console.cloud.google.com/home/dashboard), or that your account has a role on it (Owner is simplest)`,
    },
  ];
  for (const variable of SECRET_VARIABLES) {
    if (present.has(variable)) continue;
    const secret = names.secrets[variable];
    checks.push({
      title: `$${variable} is not set, so ${secret} must already hold a value`,
      command: storedVersion(secret, project),
      problem: `${variable} is not set and ${secret} has no stored value (a first deploy needs all three secrets): set ${variable} (${SECRET_SOURCES[variable]}) and run again`,
    });
  }
  return checks;
}

/** The dry run's warnings: what will stop the real run before step 1 unless it is already stored. */
export function dryRunWarnings(options: DeployOptions): string[] {
  const present = new Set(options.secretsPresent ?? []);
  const names = deployNames(options);
  return SECRET_VARIABLES.filter((v) => !present.has(v)).map(
    (v) =>
      `! ${v} is not set: the real run stops before step 1 unless ${names.secrets[v]} already holds a value (a first deploy needs it: ${SECRET_SOURCES[v]})`,
  );
}

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const SPREADSHEET_ID = /^[A-Za-z0-9_-]{20,}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PREFIX = /^[a-z][a-z0-9-]{1,14}$/;

/** The spreadsheet ID from an ID or a pasted spreadsheet URL. */
export function spreadsheetIdOf(value: string): string {
  const fromUrl = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(value);
  return (fromUrl?.[1] ?? value).trim();
}

/** What is wrong with the options, each with how to fix it; empty when they are fine. */
export function optionProblems(options: Partial<DeployOptions>): string[] {
  const problems: string[] = [];
  if (!options.project) {
    problems.push(
      'No Google Cloud project: pass --project=PROJECT_ID, set GOOGLE_CLOUD_PROJECT, or run gcloud config set project PROJECT_ID',
    );
  } else if (!PROJECT_ID.test(options.project)) {
    problems.push(
      `--project "${options.project}" is not a project ID (6 to 30 lowercase letters, digits and hyphens, like my-group-123): ` +
        'the ID, not the display name, is on console.cloud.google.com/home/dashboard',
    );
  }
  if (!options.region || !REGION.test(options.region)) {
    problems.push(
      `--region "${options.region ?? ''}" is not a Cloud Functions region like ${DEFAULT_REGION} or us-central1 ` +
        '(gcloud functions regions list shows them)',
    );
  }
  if (!options.spreadsheetId) {
    problems.push(
      'No spreadsheet: pass --spreadsheet=ID (or set SPREADSHEET_ID), the ID from docs.google.com/spreadsheets/d/<ID>/edit',
    );
  } else if (!SPREADSHEET_ID.test(options.spreadsheetId)) {
    problems.push(
      `--spreadsheet "${options.spreadsheetId}" is not a spreadsheet ID: copy it from the sheet's URL, docs.google.com/spreadsheets/d/<ID>/edit`,
    );
  }
  if (options.alertEmail !== undefined && !EMAIL.test(options.alertEmail)) {
    problems.push(`--alert-email "${options.alertEmail}" is not an email address`);
  }
  const warm = options.slackMinInstances;
  if (warm !== undefined && (!Number.isInteger(warm) || warm < 0 || warm > 10)) {
    problems.push(
      `--slack-min-instances must be a whole number from 0 to 10 (1 keeps one Slack door warm; 0 saves its idle cost and risks Slack's 3 s on a cold start)`,
    );
  }
  const memory = options.writerMemoryMb;
  if (memory !== undefined && !(MEMORY_STEPS as readonly number[]).includes(memory)) {
    problems.push(`--writer-memory must be one of ${MEMORY_STEPS.join(', ')} (MB), like 1024`);
  }
  if (options.prefix !== undefined && !PREFIX.test(options.prefix)) {
    problems.push(`the prefix "${options.prefix}" must be 2 to 15 lowercase letters, digits and hyphens`);
  }
  return problems;
}

const PLACEHOLDER = /\$\{([A-Z_]+)\}/g;

/** The command with each `${NAME}` replaced by its captured value. */
export function substitute(command: readonly string[], values: Partial<Record<Captured, string>>): string[] {
  return command.map((arg) =>
    arg.replace(PLACEHOLDER, (_, name: string) => {
      const value = values[name as Captured];
      if (value === undefined) throw new Error(`\${${name}} is used before a step captured it`);
      return value;
    }),
  );
}

/** One argument as a POSIX shell word; `${NAME}` placeholders stay expandable. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  if (/\$\{[A-Z_]+\}/.test(arg)) {
    const parts = arg.split(/(\$\{[A-Z_]+\})/);
    return `"${parts.map((part, i) => (i % 2 === 1 ? part : part.replace(/(["\\$`])/g, '\\$1'))).join('')}"`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command as one shell line. */
export function shellLine(command: readonly string[]): string {
  return command.map(shellQuote).join(' ');
}

/** A step's commands as shell lines, with labels: the check, what runs, and where its output goes. */
export function describeStep(step: Step): { label: string; line: string }[] {
  const line = (command: readonly string[], stdin?: SecretVariable, capture?: Captured) => {
    const text = shellLine(command);
    const fed = stdin ? `printf '%s' "$${stdin}" | ${text}` : text;
    return capture ? `${capture}=$(${fed})` : fed;
  };
  if (!step.check) return [{ label: 'run', line: line(step.run, step.stdinFrom, step.capture) }];
  const lines = [
    {
      label: 'check',
      line: step.checkMatches
        ? `${line(step.check)}  # same value as $${step.checkMatches}: skip`
        : line(step.check, undefined, step.capture),
    },
    {
      label: step.checkMatches ? 'if not' : 'if missing',
      line: line(step.run, step.stdinFrom, step.capture),
    },
  ];
  if (step.otherwise) lines.push({ label: 'if present', line: line(step.otherwise) });
  return lines;
}

/** The whole plan, numbered, as `--dry-run` prints it. */
export function formatPlan(steps: readonly Step[]): string {
  const width = String(steps.length).length;
  return steps
    .map((step, i) => {
      const number = `${String(i + 1).padStart(width)}.`;
      const indent = ' '.repeat(number.length + 1);
      const commands = describeStep(step).map(
        ({ label, line }) => `${indent}${`${label}:`.padEnd(12)}${line}`,
      );
      return [`${number} ${step.title}`, ...commands].join('\n');
    })
    .join('\n');
}
