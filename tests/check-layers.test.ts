import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { layerViolations, WRITE_ACCESS, writeAccessViolations } from '../scripts/check-layers.js';

describe('the write-access rule', () => {
  let root: string;
  const put = (path: string, source: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  };
  /** The files of the synthetic tree the rule refuses, in the order it reports them. */
  const refused = () => writeAccessViolations(root).map((v) => v.split(' ')[0]);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hearth-layers-'));
    for (const { module } of WRITE_ACCESS) put(module, 'export {};\n');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses a module that is neither the writer nor a maintenance command, however it imports', () => {
    put('functions/forms.ts', "import { createWorkbook } from '../sheets-schema/workbook.js';\n");
    put('workflows/plan.ts', "import type { GridStore } from '../sheets-schema/grid-store.js';\n");
    put(
      'functions/slack/listeners/click.ts',
      "export const open = async () => (await import('../../backend.js')).openGridStore;\n",
    );
    put('scripts/lib/helper.ts', "export * from '../../sheets-schema/local.js';\n");
    put('scripts/doctor.ts', "import { createRuntime } from '../functions/runtime.js';\n");
    expect(refused().sort()).toEqual([
      'functions/forms.ts',
      'functions/slack/listeners/click.ts',
      'scripts/doctor.ts',
      'scripts/lib/helper.ts',
      'workflows/plan.ts',
    ]);
    expect(writeAccessViolations(root)[0]).toMatch(/only the writer and the maintenance commands write/);
  });

  it('accepts the writer, the maintenance commands and readers', () => {
    put('functions/writer.ts', "import type { Workbook } from '../sheets-schema/workbook.js';\n");
    put(
      'functions/writer/archive.ts',
      "import type { GridStore } from '../../sheets-schema/grid-store.js';\n",
    );
    put('functions/runtime.ts', "const b = () => import('./backend.js');\nexport { b };\n");
    put('scripts/forget.ts', "import { openGridStore } from '../functions/backend.js';\n");
    put('sheets-schema/archive.ts', "import type { Workbook } from './workbook.js';\n");
    // The composition root may hold the runtime, and nothing else that writes.
    put('functions/handlers.ts', "import { createRuntime } from './runtime.js';\n");
    // Reading is for everyone.
    put('functions/forms.ts', "import type { GridReader } from '../sheets-schema/grid.js';\n");
    put(
      'scripts/lib/doctor-checks.ts',
      "import { openGridReader } from '../../functions/backend-reader.js';\n",
    );
    // Tests are exempt.
    put('tests/anything.test.ts', "import { createWorkbook } from '../sheets-schema/workbook.js';\n");
    expect(refused()).toEqual([]);

    put('functions/handlers.ts', "import { createGoogleGridStore } from '../sheets-schema/google.js';\n");
    expect(refused()).toEqual(['functions/handlers.ts']);
  });

  it('fails when a module it guards is gone, rather than guarding nothing', () => {
    rmSync(join(root, 'sheets-schema/grid-store.ts'));
    expect(writeAccessViolations(root)).toEqual([
      'sheets-schema/grid-store.ts is named in WRITE_ACCESS but is not there: update scripts/check-layers.ts',
    ]);
  });

  it('passes on the real tree', () => {
    expect(layerViolations()).toEqual([]);
  });
});
