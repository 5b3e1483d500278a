/**
 * The Cloud Functions entry points, registered with the Functions Framework:
 * `functions-framework --target=forms|slack|writer`. Nothing else belongs here.
 */
import * as functions from '@google-cloud/functions-framework';
import { processHandlers } from './handlers.js';
import { guardFunctionServers } from './request-guard.js';

// Before the framework makes its server: oversized and unparseable bodies are refused in front of it.
guardFunctionServers();
const handlers = processHandlers();
functions.http('forms', handlers.forms);
functions.http('slack', handlers.slack);
functions.http('writer', handlers.writer);
