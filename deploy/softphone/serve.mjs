// Serves the softphone page on loopback: index.html, softphone.js, and JsSIP bundled for the browser from
// node_modules/jssip (the npm package ships CommonJS only) by esbuild, in memory.
//   node serve.mjs [--host 127.0.0.1] [--port 8088]      then open http://127.0.0.1:8088/?ws=ws://...
//   node serve.mjs --cert edge-fullchain.pem --key edge-key.pem      the same over https
// getUserMedia needs a secure context: http://127.0.0.1 and http://localhost are one, other hosts need https (and
// an https page may open only wss://).
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

async function bundleJssip() {
  const result = await esbuild.build({
    entryPoints: [path.join(here, 'node_modules/jssip/lib/JsSIP.js')],
    bundle: true,
    format: 'iife',
    globalName: 'JsSIP',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

/**
 * Starts the page server; resolves with { server, url } once it listens. Port 0 picks a free port. With tls
 * ({ cert, key }: PEM), https.
 */
export async function startServer({ host = '127.0.0.1', port = 0, tls = null } = {}) {
  const files = {
    '/': { type: 'text/html; charset=utf-8', body: await readFile(path.join(here, 'index.html')) },
    '/softphone.js': { type: 'text/javascript; charset=utf-8', body: await readFile(path.join(here, 'softphone.js')) },
    '/vendor/jssip.js': { type: 'text/javascript; charset=utf-8', body: await bundleJssip() },
  };
  files['/index.html'] = files['/'];
  const handler = (request, response) => {
    const file = files[new URL(request.url, 'http://page').pathname];
    if (request.method !== 'GET' || !file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  };
  const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, handler) : http.createServer(handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return { server, url: `${tls ? 'https' : 'http'}://${address.address}:${address.port}/` };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '8088' },
      cert: { type: 'string' },
      key: { type: 'string' },
    },
  });
  const tls = values.cert && values.key
    ? { cert: await readFile(values.cert), key: await readFile(values.key) } : null;
  const { url } = await startServer({ host: values.host, port: Number(values.port), tls });
  console.log(`softphone page on ${url}  (add ?ws=ws://<kamailio>:<ws port>/&user=<name>)`);
}
