// Loaded with --import: records every package a process loads, and prints them to stderr as JSON at exit.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const packages = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) packages.add(match[1]);
});
port1.unref();
register(
  'data:text/javascript,' +
    encodeURIComponent(`
      let port;
      export function initialize(data) { port = data.port; }
      export async function resolve(specifier, context, next) {
        const result = await next(specifier, context);
        port.postMessage(result.url);
        return result;
      }`),
  { data: { port: port2 }, transferList: [port2] },
);
// CommonJS packages loaded with require() bypass the ESM hook: record them too.
const Module = (await import('node:module')).default;
const original = Module._load;
Module._load = function (request, parent, isMain) {
  const loaded = original.call(this, request, parent, isMain);
  try {
    const file = Module._resolveFilename(request, parent, isMain);
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    if (match) packages.add(match[1]);
  } catch {}
  return loaded;
};
process.on('exit', () => process.stderr.write(`HEARTH_MODULES ${JSON.stringify([...packages].sort())}\n`));
