// Loaded with --import into a cold function: the wall time its Google Sheets calls take, from each request to
// the end of its answer (what the first answer spends on the sheet), printed to stderr after each as
// HEARTH_SHEETS_MS <total>. Google's client sends with node:http, so that is where it is timed.
import http from 'node:http';
import https from 'node:https';

const root = new URL(process.env.SHEETS_API_ROOT_URL ?? 'https://sheets.googleapis.com/');
let total = 0;
for (const module of [http, https]) {
  const request = module.request;
  module.request = function timed(...args) {
    const req = request.apply(this, args);
    const host = req.host ?? '';
    if (!root.host.startsWith(host) || !req.path?.startsWith('/v4/spreadsheets')) return req;
    const start = performance.now();
    req.on('response', (res) =>
      res.on('end', () => {
        total += performance.now() - start;
        process.stderr.write(`HEARTH_SHEETS_MS ${total}\n`);
      }),
    );
    return req;
  };
}
