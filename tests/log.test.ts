import { describe, expect, it } from 'vitest';
import { ErrorCode, WorkbookError } from '../common/errors.js';
import { createLogger, errorFields, type Severity } from '../functions/log.js';

const written = (level: Severity | undefined, pretty = false) => {
  const lines: string[] = [];
  const log = createLogger({ pretty, write: (line) => lines.push(line), ...(level ? { level } : {}) });
  for (const severity of ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR'] as const)
    log.log(severity, severity);
  return lines;
};

describe('createLogger', () => {
  it.each([
    [undefined, ['INFO', 'NOTICE', 'WARNING', 'ERROR']],
    ['DEBUG', ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR']],
    ['WARNING', ['WARNING', 'ERROR']],
    ['ERROR', ['ERROR']],
  ] as const)('at level %s writes %j', (level, severities) => {
    expect(written(level).map((line) => JSON.parse(line).severity)).toEqual(severities);
  });

  it('writes one JSON object per line for Cloud Logging, or a short line locally', () => {
    const [json] = written('ERROR');
    expect(JSON.parse(json as string)).toMatchObject({ severity: 'ERROR', message: 'ERROR' });
    expect(written('ERROR', true)).toEqual([expect.stringMatching(/^\d{2}:\d{2}:\d{2} ERROR {3}ERROR$/)]);
  });
});

describe('errorFields', () => {
  it("gives a coded error's message, code and hint as fields of their own", () => {
    const error = new WorkbookError(ErrorCode.WorkbookBusy, 'The workbook is busy', 'Close it', {
      retryable: true,
    });
    expect(errorFields(error)).toMatchObject({
      error: 'The workbook is busy',
      code: 'WORKBOOK_BUSY',
      hint: 'Close it',
    });
  });

  it('gives any other error its message, and a code when it has one', () => {
    const fields = errorFields(Object.assign(new Error('no such file'), { code: 'ENOENT' }));
    expect(fields).toMatchObject({ error: 'no such file', code: 'ENOENT' });
    expect(fields).not.toHaveProperty('hint');
    expect(errorFields('a string')).toEqual({ error: 'a string' });
  });
});
