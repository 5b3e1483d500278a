/**
 * The Cloud Functions entry points, registered with the Functions Framework:
 * `functions-framework --target=forms|slack|writer`. Nothing else belongs here.
 */
import * as functions from '@google-cloud/functions-framework';
import { processHandlers } from './handlers.js';
import { withoutRequestDomains } from './request-domains.js';
import { guardFunctionServers } from './request-guard.js';

// Before the framework makes its server: oversized and unparseable bodies are refused in front of it.
guardFunctionServers();
// Before the first request: the framework's per-request domain would slow every promise of the process.
withoutRequestDomains();
const handlers = processHandlers();
functions.http('forms', handlers.forms);
functions.http('slack', handlers.slack);
functions.http('writer', handlers.writer);
