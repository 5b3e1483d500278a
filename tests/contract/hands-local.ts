import { mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Cell } from '../../sheets-schema/cells.js';
import type { GridStore } from '../../sheets-schema/grid-store.js';
import { changesFile, createLocalGridStore, type LocalFs, nodeLocalFs } from '../../sheets-schema/local.js';
import type { Harness } from './harness.js';

/** The real file system, except that its next `failures` calls throw EBUSY like a file another program holds. */
export function flakyFs(): LocalFs & { failures: number } {
  const fs = {
    failures: 0,
    readFile: (file: string) => gate(() => nodeLocalFs.readFile(file)),
    writeFile: (file: string, data: Uint8Array) => gate(() => nodeLocalFs.writeFile(file, data)),
    rename: (from: string, to: string) => gate(() => nodeLocalFs.rename(from, to)),
    stat: (file: string) => gate(() => nodeLocalFs.stat(file)),
    mkdir: (dir: string, options: { recursive: true }) => gate(() => nodeLocalFs.mkdir(dir, options)),
    unlink: (file: string) => gate(() => nodeLocalFs.unlink(file)),
  };
  function gate<T>(call: () => Promise<T>): Promise<T> {
    if (fs.failures <= 0) return call();
    fs.failures--;
    return Promise.reject(Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' }));
  }
  return fs;
}

/** A local workbook in a temp folder, edited on disk by a separate exceljs as a person would. */
export async function localHarness(): Promise<Harness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hearth-local-'));
  const file = path.join(dir, 'hearth.xlsx');
  const fs = flakyFs();
  const inner = createLocalGridStore({ path: file, fs });
  const counts = { reads: 0, writes: 0 };

  // Every store call touches the file at once, so failing the next fs call fails the next store call.
  // Writes with nothing to do (or only protections, a no-op locally) never touch the file: not counted.
  const counted = <T>(kind: 'reads' | 'writes', touches: boolean, call: () => Promise<T>): Promise<T> => {
    if (touches) counts[kind]++;
    return call();
  };
  // Every store call touches the file at once, so failing the next fs call fails the next store call.
  // Writes with nothing to do (or only protections, a no-op locally) never touch the file: not counted.
  const store: GridStore = {
    backend: 'local',
    readTabs: (tabs, options) => counted('reads', true, () => inner.readTabs(tabs, options)),
    readColumns: (requests) => counted('reads', true, () => inner.readColumns(requests)),
    layout: () => counted('reads', true, () => inner.layout()),
    write: (batch) =>
      counted(
        'writes',
        batch.appends.length + batch.updates.length > 0 ||
          (batch.deletes ?? []).some((d) => d.rows.length > 0),
        () => inner.write(batch),
      ),
    applyLayout: (changes) => counted('writes', changes.some(changesFile), () => inner.applyLayout(changes)),
  };

  async function open(): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    if (await exists()) await workbook.xlsx.readFile(file);
    return workbook;
  }

  async function exists(): Promise<boolean> {
    return stat(file).then(
      () => true,
      () => false,
    );
  }

  return {
    name: 'local',
    store,
    openAnother: () => createLocalGridStore({ path: file }),
    // A fresh store reads what is on disk now, uncounted and unfailed.
    getGrid: async (tab) => (await createLocalGridStore({ path: file }).readTabs([tab])).get(tab) ?? [],
    setGrid: async (tab, rows) => {
      const before = await stat(file).catch(() => undefined);
      const workbook = await open();
      const worksheet = workbook.getWorksheet(tab) ?? workbook.addWorksheet(tab);
      worksheet.eachRow((row) => {
        row.eachCell((cell) => {
          cell.value = null;
        });
      });
      rows.forEach((cells, r) => {
        cells.forEach((value: Cell, c) => {
          if (value !== null) worksheet.getCell(r + 1, c + 1).value = value;
        });
      });
      await workbook.xlsx.writeFile(file);
      // Saved in place: make sure the mtime moves even on coarse clocks, so the store sees the edit.
      if (before) {
        const mtime = Math.max(Date.now(), before.mtimeMs + 1000) / 1000;
        await utimes(file, mtime, mtime);
      }
    },
    // exceljs neither draws nor reads charts: a workbook it wrote has none.
    charts: async () => [],
    isFormula: async (tab, row, column) => {
      const cell = (await open()).getWorksheet(tab)?.getCell(row + 1, column + 1);
      return cell?.type === ExcelJS.ValueType.Formula;
    },
    failNext: (count) => {
      fs.failures = count;
    },
    calls: () => ({ ...counts }),
    resetCalls: () => {
      counts.reads = 0;
      counts.writes = 0;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
