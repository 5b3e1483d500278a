/**
 * The layering rule: pure workflows and the sheet schema never reach into the shell.
 * workflows/ and sheets-schema/ import nothing from functions/; workflows/ nothing from @slack/* or @googleapis/*;
 * common/ (errors, the clock) imports none of them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

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

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function layerViolations(): string[] {
  const found: string[] = [];
  for (const rule of RULES) {
    for (const file of files(join(root, rule.folder))) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(IMPORT)) {
        const spec = match[1] ?? match[2] ?? '';
        const resolved = spec.startsWith('.') ? relative(root, resolve(file, '..', spec)) : spec;
        for (const forbidden of rule.forbidden) {
          if (forbidden.test(spec, resolved))
            found.push(`${relative(root, file)} imports ${spec}: ${forbidden.why}`);
        }
      }
    }
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const violations = layerViolations();
  if (violations.length > 0) {
    console.error(`Layering check failed:\n${violations.map((v) => `  - ${v}`).join('\n')}`);
    process.exit(1);
  }
  console.log('Layering check passed.');
}
