import { request } from 'node:http';

export interface StreamedAnswer {
  status: number;
  body: string;
  contentType: string;
  /** Bytes of the body written to the socket before the answer came (or the connection closed). */
  sent: number;
  /** The highest resident set size of this process seen while sending. */
  peakRss: number;
}

/**
 * POSTs a body of `total` bytes as a stream, 64 KB at a time, honouring backpressure: a server that stops
 * reading stops the sending. With `declare`, it carries a Content-Length; without, it goes chunked. Resolves
 * with the answer and how much was sent by then, so a test can tell a body refused early from one read whole.
 */
export function streamedPost(
  url: string,
  total: number,
  options: { declare: boolean; headers?: Record<string, string> },
): Promise<StreamedAnswer> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let peakRss = process.memoryUsage().rss;
    let answered = false;
    const req = request(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options.declare ? { 'Content-Length': String(total) } : {}),
        ...options.headers,
      },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        body += text;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          contentType: String(res.headers['content-type'] ?? ''),
          sent,
          peakRss,
        }),
      );
      res.on('error', reject);
    });
    // The server closing the connection while we still write is expected once it has answered.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    // One chunk a turn of the event loop, so an answer that arrives meanwhile is seen before the next chunk.
    const pump = () => {
      if (answered) return;
      if (sent >= total) {
        req.end();
        return;
      }
      const piece = total - sent < chunk.length ? chunk.subarray(0, total - sent) : chunk;
      sent += piece.length;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (req.write(piece)) setImmediate(pump);
      else req.once('drain', pump);
    };
    pump();
  });
}
