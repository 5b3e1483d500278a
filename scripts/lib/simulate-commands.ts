/**
 * What `npm run simulate` understands: its commands, every flag of each, the forms' questions, and the help
 * that lists them. Parsing never touches a stack or a file, so `--help` and every mistake are answered before
 * anything is sent.
 */
import { normalizeHeader } from '../../sheets-schema/cells.js';
import { FORMS, type FormName } from '../../sheets-schema/forms/index.js';
import { isUserId } from '../../sheets-schema/slack-ids.js';
import { ACTION_IDS } from '../../workflows/slack-inputs.js';
import { CliError } from './cli.js';

export interface FlagSpec {
  /** Without the dashes. */
  name: string;
  /** What the value looks like, for the usage line. */
  shape: string;
  about: string;
  required?: boolean;
}

export interface CommandSpec {
  /** The command's words, e.g. ['slack', 'click']. */
  words: readonly string[];
  about: string;
  flags: readonly FlagSpec[];
  /** Takes `Question title=value` pairs of this form. */
  form?: FormName;
  example: string;
  /** Said after the flags in the command's help. */
  notes?: readonly string[];
}

/** Every button action Hearth puts in a message. */
export const KNOWN_ACTIONS: readonly string[] = ACTION_IDS;

const URL_FLAG: FlagSpec = {
  name: 'url',
  shape: 'URL',
  about: 'the stack to send to (default http://localhost:PORT, PORT being 8080 unless set)',
};
const USER = (who: string, example: string): FlagSpec => ({
  name: 'user',
  shape: 'U…',
  about: `${who}: a Slack user ID, e.g. ${example}`,
  required: true,
});

const formCommand = (form: FormName, about: string, example: string): CommandSpec => ({
  words: ['form', form],
  about,
  form,
  flags: [
    { name: 'response-id', shape: 'ID', about: 'the form response ID (default: a new one each time)' },
    {
      name: 'respondent',
      shape: 'EMAIL',
      about: 'the verified email Google Forms collected, when the form collects it',
    },
    URL_FLAG,
  ],
  example,
  notes: [
    'Answers are "Question title=value" pairs; a required question you leave out gets a default answer.',
    ...Object.values(FORMS[form].fields)
      .filter((f) => f.list)
      .map((f) => `${f.title} is a checkbox question: commas separate its choices.`),
  ],
});

const slackEventCommand = (
  type: 'team_join' | 'user_change',
  about: string,
  options: { email: boolean; notes: string[] },
): CommandSpec => ({
  words: ['slack', 'event', type],
  about,
  flags: [
    USER(type === 'team_join' ? 'the new account' : 'the account', 'U07ADALOVEL'),
    { name: 'email', shape: 'EMAIL', about: 'the email of their Slack profile', required: options.email },
    { name: 'name', shape: 'NAME', about: 'their name on Slack (default: from the email)' },
    { name: 'event-id', shape: 'ID', about: 'Slack’s event ID (default: a new one each time)' },
    URL_FLAG,
  ],
  example: `slack event ${type} --user U07ADALOVEL${options.email ? ' --email ada@example.org' : ''}`,
  notes: options.notes,
});

export const COMMANDS: readonly CommandSpec[] = [
  formCommand('join', 'a join form submission', 'form join Name="Ada Lovelace" Email=ada@example.org'),
  formCommand('rsvp', 'an RSVP form submission', 'form rsvp Email=ada@example.org Event=EV-1 Attending?=Yes'),
  formCommand(
    'report',
    'a report form submission (to the moderators)',
    'form report "Who or what is this about?=a message in #general" "What happened?=spam"',
  ),
  slackEventCommand('team_join', 'someone joins the Slack workspace', {
    email: true,
    notes: ['The local Slack (slack-users.json) knows them from then on.'],
  }),
  slackEventCommand('user_change', 'a Slack account is deactivated', { email: false, notes: [] }),
  {
    words: ['slack', 'click'],
    about: 'a button pressed',
    flags: [
      USER('who presses it', 'U07GRACEHOP'),
      {
        name: 'action',
        shape: 'ACTION',
        about: `the button’s action: ${KNOWN_ACTIONS.join(', ')}`,
        required: true,
      },
      {
        name: 'value',
        shape: 'VALUE',
        about: 'the button’s value, e.g. AP-1 or EV-1 (default: that of the latest message with the button)',
      },
      {
        name: 'channel',
        shape: 'C…',
        about: 'the channel of the message (default: the latest message in slack.log with this button)',
      },
      { name: 'ts', shape: 'TS', about: 'the message’s ts (default: as for --channel)' },
      URL_FLAG,
    ],
    example: 'slack click --user U07GRACEHOP --action approval:approve --value AP-1',
    notes: ['slack.log shows every button as [Label](action value): copy the action and value from there.'],
  },
  {
    words: ['slack', 'shortcut'],
    about: 'Report to moderators, used on a message: the report modal opens',
    flags: [
      USER('who reports it', 'U07KATJOHNS'),
      { name: 'author', shape: 'U…', about: 'who wrote the message', required: true },
      { name: 'text', shape: 'TEXT', about: 'the message’s text', required: true },
      { name: 'channel', shape: 'C…', about: 'where it was posted (default C07GENERAL1)' },
      URL_FLAG,
    ],
    example: 'slack shortcut --user U07KATJOHNS --author U07EVEMALLR --text "you are all clowns"',
    notes: ['Then send the modal with: npm run simulate -- slack view --user … --details "…"'],
  },
  {
    words: ['slack', 'invite'],
    about: 'Invite someone, from the shortcuts menu: the member gets their invite link by DM',
    flags: [USER('who asks for their link', 'U07KATJOHNS'), URL_FLAG],
    example: 'slack invite --user U07KATJOHNS',
    notes: ['The link is Settings → Invite link followed by their Member ID (setup() writes the setting).'],
  },
  {
    words: ['slack', 'home'],
    about: 'Open Hearth’s Home tab: the writer publishes that person’s home (app_home_opened)',
    flags: [USER('who opens it', 'U07KATJOHNS'), URL_FLAG],
    example: 'slack home --user U07KATJOHNS',
    notes: ['The home is printed as the transcript draws it; a leader’s starts with For leaders.'],
  },
  {
    words: ['slack', 'message'],
    about: 'A message in a channel Hearth is in (message.channels): a question becomes a Questions row',
    flags: [
      USER('who writes it', 'U07KATJOHNS'),
      {
        name: 'text',
        shape: 'TEXT',
        about: 'what they write (a question has a question mark)',
        required: true,
      },
      { name: 'channel', shape: 'C…', about: "the channel's ID (default C07GENERAL1)" },
      URL_FLAG,
    ],
    example: 'slack message --user U07KATJOHNS --channel C07HELPDESK --text "Is there parking at the venue?"',
    notes: [
      'Only a person’s top-level message with a question mark is kept, and never its text nor who wrote it.',
    ],
  },
  {
    words: ['slack', 'view'],
    about: 'the modal Hearth last opened, submitted (the report, a leader’s reason, or feedback)',
    flags: [
      USER('who submits it', 'U07KATJOHNS'),
      {
        name: 'rule',
        shape: 'RULE',
        about: 'the report’s ground rule: one the menu offers, or Something else',
      },
      { name: 'details', shape: 'TEXT', about: 'the report’s What happened?' },
      { name: 'urgency', shape: 'Low|Medium|High', about: 'the report’s urgency (default Medium)' },
      { name: 'reason', shape: 'TEXT', about: 'a leader’s reason to resolve or dismiss an incident' },
      { name: 'feedback', shape: 'TEXT', about: 'what someone tells the organizers (Tell the organizers…)' },
      { name: 'contact', shape: 'yes', about: 'ticks “You may contact me about this” (default: not ticked)' },
      URL_FLAG,
    ],
    example: 'slack view --user U07KATJOHNS --details "insults in #general" --urgency High',
    notes: [
      'The modal is found in slack.jsonl, as Slack would send it back: its view ID, and the message it is about.',
    ],
  },
  {
    words: ['tick'],
    about: 'the scheduler’s tick (the stack also ticks every minute)',
    flags: [
      {
        name: 'now',
        shape: 'ISO',
        about: 'the time the tick says it is (needs ALLOW_TIME_TRAVEL=true on the stack)',
      },
      URL_FLAG,
    ],
    example: 'tick',
  },
];

const name = (c: CommandSpec) => c.words.join(' ');
const usageOf = (c: CommandSpec) =>
  [
    `npm run simulate -- ${name(c)}`,
    ...(c.form ? ['["Question title=value" …]'] : []),
    ...c.flags.map((f) => (f.required ? `--${f.name} ${f.shape}` : `[--${f.name} ${f.shape}]`)),
  ].join(' ');

export function overallHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => name(c).length)) + 2;
  return [
    'npm run simulate -- COMMAND [flags]',
    '',
    'Sends a running stack (npm start) what Google Forms and Slack would send, correctly signed, and prints',
    'the answer and what Hearth then said in Slack (the lines it added to slack.log).',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${name(c).padEnd(width)}${c.about}`),
    '',
    'npm run simulate -- COMMAND --help lists the flags of one, e.g. npm run simulate -- slack click --help',
  ].join('\n');
}

export function commandHelp(c: CommandSpec): string {
  const width = Math.max(...c.flags.map((f) => f.name.length + f.shape.length)) + 5;
  const lines = [usageOf(c), '', `${c.about[0]?.toUpperCase()}${c.about.slice(1)}.`, ''];
  if (c.form) {
    lines.push(`Questions of the ${c.form} form (other spellings in brackets):`);
    for (const field of Object.values(FORMS[c.form].fields)) {
      const other = field.aliases.length > 0 ? ` (${field.aliases.join(', ')})` : '';
      lines.push(`  ${field.title}${other}`);
    }
    lines.push('');
  }
  lines.push('Flags:');
  for (const f of c.flags) {
    const flag = `--${f.name} ${f.shape}`;
    lines.push(`  ${flag.padEnd(width)}${f.about}${f.required ? ' (required)' : ''}`);
  }
  lines.push(...(c.notes ?? []).flatMap((note, i) => (i === 0 ? ['', note] : [note])));
  lines.push('', `Example: npm run simulate -- ${c.example}`);
  return lines.join('\n');
}

export type Parsed =
  | { kind: 'help'; text: string }
  | {
      kind: 'run';
      command: CommandSpec;
      flags: Map<string, string>;
      /** Form answers by the form's canonical question title. */
      answers: Map<string, string | string[]>;
    };

/** Reads simulate's arguments. A mistake throws a CliError that names what is known. */
export function parseArgs(args: readonly string[]): Parsed {
  const words: string[] = [];
  const rest: string[] = [];
  let help = false;
  for (const arg of args) {
    if (arg === '--help' || arg === '-h') help = true;
    else rest.push(arg);
  }
  // The command is the longest run of leading words that names one (or the start of one).
  while (rest.length > 0 && !rest[0]?.startsWith('--') && !rest[0]?.includes('=')) {
    const next = [...words, rest[0] as string];
    if (!COMMANDS.some((c) => next.every((w, i) => c.words[i] === w))) break;
    words.push(rest.shift() as string);
  }
  const command = COMMANDS.find(
    (c) => c.words.length === words.length && c.words.every((w, i) => w === words[i]),
  );
  if (!command) {
    if (help && words.length === 0) return { kind: 'help', text: overallHelp() };
    const started = COMMANDS.filter((c) => words.every((w, i) => c.words[i] === w));
    const what = [...words, ...rest.filter((a) => !a.startsWith('--')).slice(0, 1)].join(' ');
    if (help && words.length > 0)
      return {
        kind: 'help',
        text: started.map((c) => `  npm run simulate -- ${name(c)}: ${c.about}`).join('\n'),
      };
    const partial = words.length > 0 && what === words.join(' ');
    const known = (words.length > 0 ? started : COMMANDS).map((c) => name(c)).join(', ');
    const problem = partial
      ? `"${what}" needs more: it is one of ${known}`
      : `${what ? `unknown command "${what}"` : 'no command given'}: the commands are ${known}`;
    throw new CliError(`${problem}\n(npm run simulate -- --help says what each does)`, 2);
  }
  if (help) return { kind: 'help', text: commandHelp(command) };

  const flags = new Map<string, string>();
  const pairs: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) {
      if (!command.form) {
        throw new CliError(
          `"${arg}" is not a flag of ${name(command)}: its flags are ${flagList(command)}`,
          2,
        );
      }
      pairs.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!command.flags.some((f) => f.name === key)) {
      throw new CliError(`unknown flag --${key} for ${name(command)}: its flags are ${flagList(command)}`, 2);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) {
      throw new CliError(`--${key} needs a value, e.g. ${exampleOf(command, key)}`, 2);
    }
    flags.set(key, value);
  }
  for (const f of command.flags) {
    if (f.required && !flags.get(f.name)?.trim()) {
      throw new CliError(
        `${name(command)} needs --${f.name} ${f.shape}: ${f.about}\nExample: npm run simulate -- ${command.example}`,
        2,
      );
    }
  }
  for (const key of ['user', 'author']) {
    const id = flags.get(key);
    if (id !== undefined && !isUserId(id)) {
      throw new CliError(`--${key} must be a Slack user ID like U07GRACEHOP, not "${id}"`, 2);
    }
  }
  const action = flags.get('action');
  if (action !== undefined && !KNOWN_ACTIONS.includes(action)) {
    throw new CliError(`unknown --action "${action}": Hearth's buttons are ${KNOWN_ACTIONS.join(', ')}`, 2);
  }
  return {
    kind: 'run',
    command,
    flags,
    answers: command.form ? formAnswers(command.form, pairs) : new Map(),
  };
}

const flagList = (c: CommandSpec) => c.flags.map((f) => `--${f.name}`).join(', ');
const exampleOf = (c: CommandSpec, key: string) =>
  `--${key} ${c.flags.find((f) => f.name === key)?.shape ?? ''}`;

/** `Title=value` pairs as answers by canonical title; a title the form does not have is an error. */
function formAnswers(form: FormName, pairs: readonly string[]): Map<string, string | string[]> {
  const fields = Object.values(FORMS[form].fields);
  const answers = new Map<string, string | string[]>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) {
      throw new CliError(`"${pair}" is not a "Question title=value" pair, e.g. Email=ada@example.org`, 2);
    }
    const title = pair.slice(0, at);
    const wanted = normalizeHeader(title);
    const field = fields.find((f) => [f.title, ...f.aliases].some((t) => normalizeHeader(t) === wanted));
    if (!field) {
      throw new CliError(
        `the ${form} form has no question "${title}": its questions are ${fields.map((f) => `"${f.title}"`).join(', ')}\n(npm run simulate -- form ${form} --help lists their other spellings)`,
        2,
      );
    }
    const value = pair.slice(at + 1);
    answers.set(
      field.title,
      field.list && value.includes(',') ? value.split(',').map((v) => v.trim()) : value,
    );
  }
  return answers;
}

interface InputBlock {
  type?: string;
  block_id: string;
  optional?: boolean;
  label?: { text?: string };
  element?: { options?: { value: string }[]; initial_option?: { value: string } };
}

/** The flags of `slack view` that fill a modal's inputs (each is an input's block_id). */
const MODAL_FLAGS = ['rule', 'details', 'urgency', 'reason', 'feedback', 'contact'];

/**
 * What a person typed or chose in the modal, from the flags: a select takes one of its options (a choice it does
 * not offer is an error listing them), a required input left empty is an error, a flag the modal has no input
 * for is an error naming the inputs it has.
 */
export function modalValues(
  modal: { viewId: string; view: Record<string, unknown> },
  flags: ReadonlyMap<string, string>,
): Record<string, { value: string } | { selected: string }> {
  const title = (modal.view.title as { text?: string } | undefined)?.text ?? 'the modal';
  const inputs = ((modal.view.blocks as InputBlock[] | undefined) ?? []).filter((b) => b.type === 'input');
  const names = inputs.map((b) => b.block_id);
  for (const flag of MODAL_FLAGS) {
    if (flags.has(flag) && !names.includes(flag)) {
      throw new CliError(
        `the open modal ("${title}", ${modal.viewId}) has no --${flag}: its inputs are ${names.map((f) => `--${f}`).join(', ')}`,
        2,
      );
    }
  }
  const values: Record<string, { value: string } | { selected: string }> = {};
  for (const input of inputs) {
    const given = flags.get(input.block_id);
    const options = input.element?.options?.map((o) => o.value);
    if (options) {
      const chosen =
        given === undefined
          ? input.element?.initial_option?.value
          : options.find((o) => o.toLowerCase() === given.trim().toLowerCase());
      if (given !== undefined && chosen === undefined) {
        throw new CliError(
          `--${input.block_id} must be one of ${options.map((o) => `"${o}"`).join(', ')} (what "${title}" offers), not "${given}"`,
          2,
        );
      }
      if (chosen !== undefined) values[input.block_id] = { selected: chosen };
    } else if (given !== undefined) values[input.block_id] = { value: given };
    if (!values[input.block_id] && !input.optional) {
      throw new CliError(`"${title}" needs --${input.block_id} (${input.label?.text ?? input.block_id})`, 2);
    }
  }
  return values;
}
