/**
 * The layering rules.
 * - Pure workflows and the sheet schema never reach into the shell: workflows/ and sheets-schema/ import nothing
 *   from functions/; workflows/ nothing from @slack/* or @googleapis/*; common/ (errors, the clock) imports none
 *   of them.
 * - Only the writer and the maintenance commands write the spreadsheet. Everything else sees it read-only
 *   (GridReader, WorkbookReader); the modules that hand out write access (WRITE_ACCESS: the writable ports, the
 *   backends, the runtime that builds the writer) may be imported only by the modules in MAY_WRITE. Tests are
 *   exempt: they are not scanned.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const defaultRoot = resolve(import.meta.dirname, '..');

const RULES: {
  folder: string;
  forbidden: { test: (spec: string, resolved: string) => boolean; why: string }[];
}[] = [
  {
    folder: 'workflows',
    forbidden: [
      { test: (_s, r) => r.startsWith('functions/'), why: 'workflows are pure: pass what they need in' },
      {
        test: (s) => s.startsWith('@slack/') || s.startsWith('@googleapis/'),
        why: 'workflows decide; the shell talks to Slack and Google',
      },
      { test: (s) => s === 'exceljs' || s.startsWith('node:'), why: 'workflows do no I/O' },
    ],
  },
  {
    folder: 'common',
    forbidden: [
      {
        test: (s, r) => s.startsWith('.') && !r.startsWith('common/'),
        why: 'common/ (errors, the clock) is below every layer and imports none of them',
      },
    ],
  },
  {
    folder: 'sheets-schema',
    forbidden: [{ test: (_s, r) => r.startsWith('functions/'), why: 'the schema is below the shell' }],
  },
];

/** The modules that hand out write access to the spreadsheet, and what each gives. */
export const WRITE_ACCESS: { module: string; gives: string; alsoFrom?: { file: string; why: string }[] }[] = [
  { module: 'sheets-schema/grid-store.ts', gives: 'GridStore, the raw grid with its writes' },
  { module: 'sheets-schema/workbook.ts', gives: 'the Workbook with its writes (apply, maintain)' },
  { module: 'sheets-schema/google.ts', gives: 'the Google Sheets backend, a GridStore' },
  { module: 'sheets-schema/local.ts', gives: 'the local .xlsx backend, a GridStore' },
  { module: 'functions/backend.ts', gives: 'openGridStore, the configured backend with its writes' },
  {
    module: 'functions/runtime.ts',
    gives: 'the runtime, whose workbook() is the writable Workbook',
    alsoFrom: [
      { file: 'functions/handlers.ts', why: 'builds the three functions, the writer among them' },
      { file: 'scripts/lib/local-server.ts', why: 'serves the local stack' },
    ],
  },
];

/** Who may import the WRITE_ACCESS modules, and why. */
export const MAY_WRITE: { path: RegExp; who: string }[] = [
  { path: /^functions\/writer[^/]*\.ts$|^functions\/writer\//, who: 'the writer' },
  { path: /^functions\/runtime\.ts$/, who: 'the runtime, which builds the writer' },
  {
    path: /^scripts\/(provision|forget|dev-server|demo)\.ts$|^scripts\/lib\/sample-group\.ts$/,
    who: 'the maintenance commands (provision, forget, the local stack and demo, the sample group)',
  },
  {
    path: /^sheets-schema\/(provision|archive|forget)\.ts$/,
    who: 'the maintenance itself: provisioning, the daily archive, forgetting a person',
  },
  {
    path: /^sheets-schema\/(grid-store|workbook|row-check|maintenance|google|local)\.ts$|^functions\/backend(-reader)?\.ts$/,
    who: 'the writable ports and backends themselves (backend-reader.ts narrows one to a reader)',
  },
  {
    path: /^scripts\/bench\//,
    who: 'the benchmarks, which write only to the fakes and temporary workbooks they start',
  },
];

/** Folders never scanned: tests are exempt, the rest is not source. */
const UNSCANNED = new Set(['node_modules', 'tests', 'dist', 'local', 'coverage', 'docs']);

function* files(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|js|mjs)$/.test(entry)) yield path;
  }
}

/** Every folder of the tree that holds source: all but the unscanned ones and hidden ones. */
function* sourceFiles(root: string): Generator<string> {
  for (const entry of readdirSync(root)) {
    if (entry.startsWith('.') || UNSCANNED.has(entry)) continue;
    const path = join(root, entry);
    if (statSync(path).isDirectory()) yield* files(path);
  }
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Each import of a file: its specifier, and the path it names relative to the root (as written, for packages). */
function importsOf(root: string, file: string): { spec: string; resolved: string }[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(IMPORT)].map((match) => {
    const spec = match[1] ?? match[2] ?? '';
    const resolved = spec.startsWith('.')
      ? relative(root, resolve(file, '..', spec))
          .split(sep)
          .join('/')
      : spec;
    return { spec, resolved };
  });
}

const withoutExtension = (path: string) => path.replace(/\.(ts|js|mjs)$/, '');

/** The write-access rule: who imports a WRITE_ACCESS module without being allowed to. */
export function writeAccessViolations(root: string = defaultRoot): string[] {
  const found: string[] = [];
  for (const { module } of WRITE_ACCESS) {
    if (!existsSync(join(root, module)))
      found.push(`${module} is named in WRITE_ACCESS but is not there: update scripts/check-layers.ts`);
  }
  const access = new Map(WRITE_ACCESS.map((entry) => [withoutExtension(entry.module), entry]));
  for (const file of sourceFiles(root)) {
    const path = relative(root, file).split(sep).join('/');
    const allowed = MAY_WRITE.some((rule) => rule.path.test(path));
    for (const { spec, resolved } of importsOf(root, file)) {
      const entry = access.get(withoutExtension(resolved));
      if (!entry || allowed || entry.alsoFrom?.some((a) => a.file === path)) continue;
      found.push(
        `${path} imports ${spec} (${entry.gives}): only the writer and the maintenance commands write the spreadsheet; read through GridReader (grid.ts) or WorkbookReader (workbook-reader.ts), or add the file to MAY_WRITE in scripts/check-layers.ts with the reason it must write`,
      );
    }
  }
  return found;
}

export function layerViolations(root: string = defaultRoot): string[] {
  const found: string[] = [];
  for (const rule of RULES) {
    for (const file of files(join(root, rule.folder))) {
      for (const { spec, resolved } of importsOf(root, file)) {
        for (const forbidden of rule.forbidden) {
          if (forbidden.test(spec, resolved))
            found.push(`${relative(root, file)} imports ${spec}: ${forbidden.why}`);
        }
      }
    }
  }
  return [...found, ...writeAccessViolations(root)];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const violations = layerViolations();
  if (violations.length > 0) {
    console.error(`Layering check failed:\n${violations.map((v) => `  - ${v}`).join('\n')}`);
    process.exit(1);
  }
  console.log('Layering check passed.');
}
