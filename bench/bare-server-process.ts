/**
 * The scrape baseline: a bare node:http server answering every request with the exporter's own
 * /metrics bytes (gzipped when asked), so the ratio measures the exporter's own per-scrape work.
 * argv: plain body file, gzip body file, content type. Prints nothing; sends its URL over IPC.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const [plainFile, gzipFile, contentType] = process.argv.slice(2) as [string, string, string];
const plain = readFileSync(plainFile);
const gzipped = readFileSync(gzipFile);

const server = createServer((req, res) => {
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const body = gzip ? gzipped : plain;
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': body.length,
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'listening', url: `http://127.0.0.1:${port}` });
});
process.on('disconnect', () => server.close(() => process.exit(0)));
