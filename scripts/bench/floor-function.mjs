// The least a function can be: registered with the Functions Framework, it answers at once and loads nothing
// else. The cold-start bench starts it as it starts ours, for the framework's own share of a cold start.
import * as functions from '@google-cloud/functions-framework';

functions.http('floor', (_req, res) => {
  res.status(204).end();
});
