/**
 * The Apps Script services scripts/apps-script/setup.gs calls, as globals for a node `vm`: FormApp, SpreadsheetApp,
 * ScriptApp, PropertiesService, Utilities and UrlFetchApp. They behave as Google's do where it matters here:
 *
 * - FormApp as of 2026 (`api: 'current'`): `FormApp.create(title)` makes an *unpublished* form (it takes no
 *   responses until published), `create(title, true)` a published one; forms have `isPublished`,
 *   `setPublished`, `supportsAdvancedResponderPermissions`, `isAcceptingResponses`, and the email collection
 *   type (`FormApp.EmailCollectionType`: VERIFIED, RESPONDER_INPUT, DO_NOT_COLLECT) beside the older
 *   `setCollectEmail`, which turns on collection of a *typed* address. `api: 'older'` is a runtime without
 *   publishing or the collection type: forms are always published and setCollectEmail is all there is.
 * - A linked form writes to a responses tab whose first row is Timestamp, Google's "Email Address" when it
 *   collects emails, then the questions; the tab knows its form's URL (getFormUrl).
 * - A prefilled link (`form.createResponse().withItemResponse(textItem.createResponse(answer)).toPrefilledUrl()`)
 *   is the published URL with `?usp=pp_url` and an `entry.<item ID>=<answer>` per answered item, in order.
 * - HMAC bytes are signed (-128..127), a network error makes UrlFetchApp.fetch throw, dates are formatted and
 *   parsed in a named time zone, and enums stringify to their names.
 */
import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';

export type FormsApi = 'current' | 'older';
type EmailType = 'VERIFIED' | 'RESPONDER_INPUT' | 'DO_NOT_COLLECT';

/** What the scripted server answers a fetch with: a status, or a thrown network error. */
export type Scripted = number | 'network error';

export interface FetchCall {
  url: string;
  options: { method: string; contentType: string; payload: string; headers: Record<string, string> };
}

export interface FakeItem {
  /** Google's item IDs are numbers; a prefilled link names each answer by it (`entry.<id>`). */
  id: number;
  title: string;
  type: string;
  required: boolean;
  help: string;
  choices: string[];
  validation?: Record<string, unknown>;
}

export interface FakeForm {
  id: string;
  title: string;
  published: boolean;
  accepting: boolean;
  emailType: EmailType;
  destination: string;
  items: FakeItem[];
  confirmation: string;
  closedMessage: string;
  allowEdits: boolean;
}

export interface FakeSheet {
  name: string;
  /** Rows of cells, header first. */
  grid: unknown[][];
  formId?: string;
}

export interface AppsScriptWorldOptions {
  api?: FormsApi;
  /** The spreadsheet's own time zone. */
  sheetZone?: string;
  /** Tabs the spreadsheet has at the start (Settings, Events…). */
  tabs?: FakeSheet[];
  props?: Record<string, string>;
  responses?: Scripted[];
  /** Reasons the scripted server gives per status. */
  reasons?: Record<number, string>;
}

const ITEM_TYPES = {
  TEXT: 'TEXT',
  PARAGRAPH_TEXT: 'PARAGRAPH_TEXT',
  MULTIPLE_CHOICE: 'MULTIPLE_CHOICE',
  CHECKBOX: 'CHECKBOX',
  LIST: 'LIST',
} as const;

const EMAIL_HEADER = 'Email Address';

export function appsScriptWorld(options: AppsScriptWorldOptions = {}) {
  const api = options.api ?? 'current';
  const calls: FetchCall[] = [];
  const logs: { level: 'log' | 'warn' | 'error'; text: string }[] = [];
  const sleeps: number[] = [];
  const creates: unknown[][] = [];
  const responses = [...(options.responses ?? [])];
  const props = new Map<string, string>(Object.entries(options.props ?? {}));
  const forms = new Map<string, FakeForm>();
  const sheets: FakeSheet[] = [...(options.tabs ?? [])];
  const triggers: { handler: string; kind: string }[] = [];
  const spreadsheetId = '1SpReAdShEeTiDoFtHeGrOuPsShEeT0123456789';
  let formCount = 0;

  const formUrl = (id: string) => `https://docs.google.com/forms/d/${id}/viewform`;
  const publishedUrl = (form: FakeForm) =>
    `https://docs.google.com/forms/d/e/1FAIpQLSf${form.id.slice(0, 20)}/viewform`;
  const collects = (form: FakeForm) => form.emailType !== 'DO_NOT_COLLECT';

  /** Google adds its "Email Address" column (second) to a linked tab when the form starts collecting. */
  const syncEmailColumn = (form: FakeForm) => {
    const tab = sheets.find((s) => s.formId === form.id);
    if (!tab || !collects(form)) return;
    const header = tab.grid[0] ?? [];
    const has = header.some((h) => /^email address/i.test(String(h)));
    if (!has) for (const row of tab.grid) row.splice(1, 0, row === tab.grid[0] ? EMAIL_HEADER : '');
  };

  let itemCount = 0;
  function item(form: FakeForm, type: string) {
    const id = 1_234_567_000 + ++itemCount;
    const data: FakeItem = { id, title: '', type, required: false, help: '', choices: [] };
    form.items.push(data);
    return itemApi(data);
  }

  function itemApi(data: FakeItem) {
    const self = {
      setTitle: (title: string) => {
        data.title = title;
        return self;
      },
      getTitle: () => data.title,
      setRequired: (required: boolean) => {
        data.required = required;
        return self;
      },
      setHelpText: (help: string) => {
        data.help = help;
        return self;
      },
      setValidation: (validation: Record<string, unknown>) => {
        data.validation = validation;
        return self;
      },
      setChoiceValues: (choices: string[]) => {
        data.choices = [...choices];
        return self;
      },
      getChoices: () => data.choices.map((value) => ({ getValue: () => value })),
      showOtherOption: () => self,
      getType: () => data.type,
      getId: () => data.id,
      asListItem: () => {
        if (data.type !== ITEM_TYPES.LIST) throw new Error('Item is not a list item');
        return self;
      },
      asTextItem: () => {
        if (data.type !== ITEM_TYPES.TEXT) throw new Error('Item is not a text item');
        return self;
      },
      createResponse: (answer: string) => ({ itemId: data.id, answer }),
    };
    return self;
  }

  /** A response made by the script (not submitted), for its prefilled link. */
  function responseApi(form: FakeForm) {
    const answers: { itemId: number; answer: string }[] = [];
    const self = {
      withItemResponse: (response: { itemId: number; answer: string }) => {
        answers.push(response);
        return self;
      },
      toPrefilledUrl: () => {
        const entries = answers.map(
          (a) => `entry.${a.itemId}=${encodeURIComponent(a.answer).replace(/%20/g, '+')}`,
        );
        return [`${publishedUrl(form)}?usp=pp_url`, ...entries].join('&');
      },
    };
    return self;
  }

  function formApi(form: FakeForm) {
    const self: Record<string, unknown> = {
      getId: () => form.id,
      getTitle: () => form.title,
      setTitle: (title: string) => {
        form.title = title;
        return self;
      },
      setDescription: () => self,
      setConfirmationMessage: (text: string) => {
        form.confirmation = text;
        return self;
      },
      setAllowResponseEdits: (allow: boolean) => {
        form.allowEdits = allow;
        return self;
      },
      setCustomClosedFormMessage: (text: string) => {
        form.closedMessage = text;
        return self;
      },
      isAcceptingResponses: () => form.accepting,
      setAcceptingResponses: (accepting: boolean) => {
        form.accepting = accepting;
        return self;
      },
      collectsEmail: () => collects(form),
      // In 2026 this turns collection on as "Responder input": the respondent types the address.
      setCollectEmail: (collect: boolean) => {
        form.emailType = collect ? 'RESPONDER_INPUT' : 'DO_NOT_COLLECT';
        syncEmailColumn(form);
        return self;
      },
      getItems: () => form.items.map(itemApi),
      addTextItem: () => item(form, ITEM_TYPES.TEXT),
      addParagraphTextItem: () => item(form, ITEM_TYPES.PARAGRAPH_TEXT),
      addMultipleChoiceItem: () => item(form, ITEM_TYPES.MULTIPLE_CHOICE),
      addCheckboxItem: () => item(form, ITEM_TYPES.CHECKBOX),
      addListItem: () => item(form, ITEM_TYPES.LIST),
      getDestinationId: () => {
        if (!form.destination) throw new Error('The form currently has no response destination.');
        return form.destination;
      },
      setDestination: (_type: string, id: string) => {
        form.destination = id;
        formCount++;
        sheets.push({
          name: `Form Responses ${formCount}`,
          formId: form.id,
          grid: [['Timestamp', ...(collects(form) ? [EMAIL_HEADER] : []), ...form.items.map((i) => i.title)]],
        });
        return self;
      },
      getPublishedUrl: () => publishedUrl(form),
      createResponse: () => responseApi(form),
    };
    if (api === 'current') {
      Object.assign(self, {
        isPublished: () => form.published,
        setPublished: (published: boolean) => {
          form.published = published;
          if (!published) form.accepting = false;
          return self;
        },
        supportsAdvancedResponderPermissions: () => true,
        getEmailCollectionType: () => form.emailType,
        setEmailCollectionType: (type: EmailType) => {
          if (!['VERIFIED', 'RESPONDER_INPUT', 'DO_NOT_COLLECT'].includes(String(type))) {
            throw new Error(`Invalid argument: ${type}`);
          }
          form.emailType = type;
          syncEmailColumn(form);
          return self;
        },
      });
    }
    return self;
  }

  /** Makes a form as FormApp.create does: unpublished unless asked, on the current API. */
  function makeForm(title: string, published?: boolean, givenId?: string): FakeForm {
    if (!title) throw new Error('Invalid argument: title');
    const id = givenId ?? `1FoRm${String(forms.size + 1).padStart(3, '0')}${'x'.repeat(36)}`;
    const form: FakeForm = {
      id,
      title,
      published: api === 'older' ? true : published === true,
      accepting: true,
      emailType: 'DO_NOT_COLLECT',
      destination: '',
      items: [],
      confirmation: '',
      closedMessage: '',
      allowEdits: true,
    };
    forms.set(id, form);
    return form;
  }

  function sheetApi(sheet: FakeSheet) {
    const width = () => Math.max(0, ...sheet.grid.map((r) => r.length));
    const self = {
      getName: () => sheet.name,
      setName: (name: string) => {
        sheet.name = name;
        return self;
      },
      getFormUrl: () => (sheet.formId ? formUrl(sheet.formId) : null),
      getDataRange: () => ({ getValues: () => sheet.grid.map((r) => [...r]) }),
      getLastColumn: () => width(),
      appendRow: (cells: unknown[]) => {
        sheet.grid.push([...cells]);
        return self;
      },
      clearContents: () => {
        sheet.grid = [];
        return self;
      },
      getRange: (row: number, column: number, rows = 1, columns = 1) => ({
        getValues: () =>
          Array.from({ length: rows }, (_, r) =>
            Array.from({ length: columns }, (_, c) => sheet.grid[row - 1 + r]?.[column - 1 + c] ?? ''),
          ),
        setValue: (value: unknown) => {
          sheet.grid[row - 1] ??= [];
          (sheet.grid[row - 1] as unknown[])[column - 1] = value;
        },
        setValues: (values: unknown[][]) => {
          values.forEach((cells, r) => {
            sheet.grid[row - 1 + r] ??= [];
            cells.forEach((value, c) => {
              (sheet.grid[row - 1 + r] as unknown[])[column - 1 + c] = value;
            });
          });
        },
      }),
    };
    return self;
  }

  const spreadsheet = {
    getId: () => spreadsheetId,
    getName: () => 'Hearth',
    getSpreadsheetTimeZone: () => options.sheetZone ?? 'UTC',
    getSheets: () => sheets.map(sheetApi),
    getSheetByName: (name: string) => {
      const found = sheets.find((s) => s.name === name);
      return found ? sheetApi(found) : null;
    },
    insertSheet: (name: string) => {
      if (sheets.some((s) => s.name === name))
        throw new Error(`A sheet with the name "${name}" already exists.`);
      const sheet: FakeSheet = { name, grid: [] };
      sheets.push(sheet);
      return sheetApi(sheet);
    },
  };

  const enumOf = <T extends string>(...names: T[]) =>
    Object.fromEntries(names.map((n) => [n, n])) as Record<T, T>;

  const FormApp: Record<string, unknown> = {
    ItemType: { ...ITEM_TYPES },
    DestinationType: enumOf('SPREADSHEET'),
    create: (...args: unknown[]) => {
      creates.push(args);
      if (api === 'older' && args.length > 1) throw new Error('Invalid argument count for FormApp.create');
      return formApi(makeForm(String(args[0] ?? ''), args[1] as boolean | undefined));
    },
    openById: (id: string) => {
      const form = forms.get(id);
      if (!form) throw new Error(`No item with the given ID could be found: ${id}`);
      return formApi(form);
    },
    openByUrl: (url: string) => {
      const id = /\/forms\/d\/([\w-]+)/.exec(url)?.[1] ?? '';
      return (FormApp.openById as (id: string) => unknown)(id);
    },
    createTextValidation: () => {
      const rule: Record<string, unknown> = {};
      const builder = {
        setHelpText: (text: string) => {
          rule.help = text;
          return builder;
        },
        requireTextIsEmail: () => {
          rule.email = true;
          return builder;
        },
        requireTextMatchesPattern: (pattern: string) => {
          rule.pattern = pattern;
          return builder;
        },
        build: () => rule,
      };
      return builder;
    },
  };
  if (api === 'current')
    FormApp.EmailCollectionType = enumOf('VERIFIED', 'RESPONDER_INPUT', 'DO_NOT_COLLECT');

  const logTo =
    (level: 'log' | 'warn' | 'error') =>
    (...parts: unknown[]) =>
      logs.push({ level, text: parts.map(String).join(' ') });

  const globals = {
    console: { log: logTo('log'), warn: logTo('warn'), error: logTo('error') },
    FormApp,
    SpreadsheetApp: {
      getActive: () => spreadsheet,
      openById: () => spreadsheet,
      flush: () => undefined,
    },
    ScriptApp: {
      getProjectTriggers: () =>
        triggers.map((t) => ({ getHandlerFunction: () => t.handler, kind: t.kind, ref: t })),
      deleteTrigger: (trigger: { ref: object }) => {
        triggers.splice(triggers.indexOf(trigger.ref as (typeof triggers)[number]), 1);
      },
      newTrigger: (handler: string) => {
        const builder = {
          forSpreadsheet: () => ({
            onFormSubmit: () => ({ create: () => triggers.push({ handler, kind: 'onFormSubmit' }) }),
          }),
          timeBased: () => ({
            everyMinutes: (n: number) => ({
              create: () => triggers.push({ handler, kind: `every ${n} min` }),
            }),
          }),
        };
        return builder;
      },
    },
    PropertiesService: {
      getScriptProperties: () => ({
        getProperty: (key: string) => props.get(key) ?? null,
        setProperty: (key: string, value: string) => props.set(key, value),
      }),
    },
    Utilities: {
      Charset: { UTF_8: 'UTF-8' },
      computeHmacSha256Signature: (value: string, key: string) =>
        Array.from(
          new Int8Array(createHmac('sha256', Buffer.from(key, 'utf8')).update(value, 'utf8').digest()),
        ),
      sleep: (ms: number) => sleeps.push(ms),
      formatDate: (date: Date, zone: string, format: string) =>
        DateTime.fromMillis(date.getTime(), { zone }).toFormat(format, { locale: 'en-US' }),
      parseDate: (text: string, zone: string, format: string) => {
        const parsed = DateTime.fromFormat(text, format, { zone });
        if (!parsed.isValid) throw new Error(`Unparseable date: "${text}"`);
        return parsed.toJSDate();
      },
    },
    UrlFetchApp: {
      fetch: (url: string, fetchOptions: FetchCall['options']) => {
        calls.push({ url, options: fetchOptions });
        const next = responses.shift() ?? 202;
        if (next === 'network error') throw new Error(`Address unavailable: ${url}`);
        const body =
          next < 300 ? { accepted: true } : { error: options.reasons?.[next] ?? `failed with ${next}` };
        return { getResponseCode: () => next, getContentText: () => JSON.stringify(body) };
      },
    },
  };

  return {
    globals,
    calls,
    logs,
    sleeps,
    creates,
    props,
    forms,
    sheets,
    triggers,
    /** A form as an organizer would have left it, e.g. made by hand and never published. */
    makeForm,
    /** The tab a form writes to. */
    tabOf: (formId: string) => sheets.find((s) => s.formId === formId),
  };
}
