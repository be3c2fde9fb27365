// Drives one call of the softphone page in headless Chromium (Debian's /usr/bin/chromium, through playwright-core):
// serves the page on 127.0.0.1, registers over WebSocket, then either calls --call URI and hangs up after --talk-ms,
// or (without --call) answers the first incoming call and waits for the far end's BYE. Chromium's fake microphone
// plays a --tone-hz sine; the page's analyser reports which tone it hears. Writes everything to --out as JSON.
//
//   node drive.mjs --ws ws://127.0.0.1:8080/ --user alice --call sip:service@127.0.0.1:5080 --out result.json
//   node drive.mjs --ws ws://127.0.0.1:8080/ --user alice --out result.json          (answer an incoming call)
//   --password SECRET      answer the registrar's digest challenge (Asterisk's PJSIP endpoints)
//   --dtmf 123456789*#     after listening, send these digits as RFC 4733 events (--dtmf-ms, --dtmf-gap-ms)
//   --record heard.wav     write everything the phone heard (16-bit mono WAV at the page's audio rate)
//
// Progress lines on stdout, each alone on a line, for a test driving this: "page <url>", "registered",
// "confirmed", "heard <Hz>", "done" (or "error <reason>"). Exit code 0 when the call was set up, measured and
// ended normally; 1 on any failure (the JSON says which); 2 on the overall --timeout-ms; 3 when stopped by a signal.
//
// On a loopback-only test bed Chromium needs --allow-loopback-in-peer-connection, and it gathers ICE candidates on
// every interface: run this inside a network namespace holding only lo (unshare -n) so every packet stays on
// 127.0.0.1.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from './serve.mjs';

const { values: args } = parseArgs({
  options: {
    ws: { type: 'string' },
    user: { type: 'string', default: 'alice' },
    password: { type: 'string' },
    dtmf: { type: 'string' },
    'dtmf-ms': { type: 'string', default: '120' },
    'dtmf-gap-ms': { type: 'string', default: '120' },
    record: { type: 'string' },
    call: { type: 'string' },
    out: { type: 'string' },
    log: { type: 'string' },
    'tone-hz': { type: 'string', default: '1000' },
    'talk-ms': { type: 'string', default: '5000' },
    'settle-ms': { type: 'string', default: '1000' },
    'listen-ms': { type: 'string', default: '2000' },
    'answer-wait-ms': { type: 'string', default: '20000' },
    'timeout-ms': { type: 'string', default: '45000' },
    'bundle-policy': { type: 'string', default: 'max-bundle' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
if (!args.ws || !args.out) {
  console.error('usage: node drive.mjs --ws ws://host:port/ --user NAME [--call URI] --out result.json');
  process.exit(64);
}
const number = (name) => Number(args[name]);

const result = {
  mode: args.call ? 'call' : 'answer',
  target: args.call || null,
  toneHz: number('tone-hz'),
  chromium: null,
  flags: null,
  page: null,
  heard: null,
  stats: null,
  connectedAfterMs: null, // from the call's confirmation to ICE + DTLS connected
  dtmfSent: null,
  recording: null,
  softphone: null,
  error: null,
};
const consoleLines = [];
let context = null;
let served = null;  // { server, url } of the page server
let workDir = null;

function progress(line) {
  console.log(line);
}

/** 16-bit mono PCM WAV around `pcm` (a Buffer of little-endian samples). */
function wav(pcm, rate) {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);          // PCM
  header.writeUInt16LE(1, 22);          // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);   // byte rate
  header.writeUInt16LE(2, 32);          // block align
  header.writeUInt16LE(16, 34);         // bits per sample
  header.write('data', 36);
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/** One second of a sine at -10 dBFS, 48 kHz mono 16-bit PCM WAV: a whole number of periods, so it loops cleanly. */
function toneWav(frequency) {
  const rate = 48000;
  const samples = rate;
  const data = Buffer.alloc(samples * 2);
  const amplitude = 32767 * 10 ** (-10 / 20);
  for (let n = 0; n < samples; n++) {
    data.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * frequency * n) / rate)), n * 2);
  }
  return wav(data, rate);
}

async function finish(code) {
  try {
    if (context) {
      await Promise.race([context.close(), new Promise((r) => setTimeout(r, 5000))]);
    }
  } catch (e) {
    consoleLines.push(`closing chromium: ${e}`);
  }
  if (served) {
    served.server.close();
  }
  await writeFile(args.out, JSON.stringify(result, null, 2));
  if (args.log) {
    await writeFile(args.log, consoleLines.join('\n') + '\n');
  }
  if (workDir) {
    await rm(workDir, { recursive: true, force: true });
  }
  progress(result.error ? `error ${result.error}` : 'done');
  process.exit(code);
}

// Stopped from outside (the test's time ran out) or by our own deadline: keep what the page knows, close Chromium.
async function abandon(reason, code) {
  result.error = result.error || reason;
  if (context && context.pages()[0]) {
    await Promise.race([snapshotInto(context.pages()[0]), new Promise((r) => setTimeout(r, 2000))]);
  }
  await finish(code);
}
const overall = setTimeout(() => abandon(`timed out after ${args['timeout-ms']} ms`, 2), number('timeout-ms'));
process.once('SIGTERM', () => abandon('stopped by SIGTERM', 3));
process.once('SIGINT', () => abandon('stopped by SIGINT', 3));

async function snapshotInto(page) {
  try {
    result.softphone = await page.evaluate(() => window.softphone.snapshot());
  } catch (e) {
    consoleLines.push(`snapshot: ${e}`);
  }
  if (args.record && !result.recording) {
    try {
      const heard = await page.evaluate(() => window.softphone.recording());
      if (heard) {
        const pcm = Buffer.from(heard.pcm16, 'base64');
        await writeFile(args.record, wav(pcm, heard.sampleRate));
        result.recording = { file: args.record, sampleRate: heard.sampleRate, samples: heard.samples,
          startedMs: heard.startedMs };
      }
    } catch (e) {
      consoleLines.push(`recording: ${e}`);
    }
  }
}

async function run() {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'softphone-'));
  const tone = path.join(workDir, `tone-${args['tone-hz']}hz.wav`);
  await writeFile(tone, toneWav(number('tone-hz')));
  served = await startServer({ host: '127.0.0.1', port: 0 });

  result.flags = [
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${tone}`,
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  // A fresh profile each run (playwright passes it as --user-data-dir).
  context = await chromium.launchPersistentContext(path.join(workDir, 'profile'), {
    executablePath: args.chromium,
    headless: true,
    args: result.flags,
    timeout: 20000,
  });
  result.chromium = context.browser() ? context.browser().version() : null;
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => consoleLines.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e}`));

  const query = new URLSearchParams({ ws: args.ws, user: args.user, mute: '1', debug: '1' });
  result.page = `${served.url}?${query}`;
  await page.goto(result.page);
  progress(`page ${result.page}`);

  const options = { ws: args.ws, user: args.user, password: args.password, autoAnswer: true,
    bundlePolicy: args['bundle-policy'], record: Boolean(args.record) };
  await page.evaluate((o) => window.softphone.register(o), options);
  progress('registered');

  const confirmedAt = Date.now();
  if (args.call) {
    await page.evaluate(([target, o]) => window.softphone.call(target, o), [args.call, options]);
  } else {
    await page.evaluate((ms) => window.softphone.whenIncomingConfirmed(ms), number('answer-wait-ms'));
  }
  progress('confirmed');
  result.connectedAfterMs = await page.evaluate((ms) => window.softphone.whenConnected(ms), 10000);

  await new Promise((r) => setTimeout(r, number('settle-ms')));
  result.heard = await page.evaluate((ms) => window.softphone.listen(ms), number('listen-ms'));
  progress(`heard ${result.heard.dominantHz.toFixed(1)}`);
  result.stats = await page.evaluate(() => window.softphone.stats());
  if (args.dtmf) {
    await page.evaluate(([d, ms, gap]) => window.softphone.sendDtmf(d, ms, gap),
      [args.dtmf, number('dtmf-ms'), number('dtmf-gap-ms')]);
    result.dtmfSent = args.dtmf;
    progress(`dtmf ${args.dtmf}`);
  }

  if (args.call) {
    const left = number('talk-ms') - (Date.now() - confirmedAt);
    if (left > 0) {
      await new Promise((r) => setTimeout(r, left));
    }
    await page.evaluate(() => window.softphone.hangup());
  }
  await page.evaluate(() => window.softphone.whenEnded());
  await snapshotInto(page);
  const call = result.softphone && result.softphone.call;
  if (!call || call.state !== 'ended') {
    result.error = `call did not end normally: ${call ? `${call.state} (${call.cause})` : 'no call'}`;
  }
}

try {
  await run();
  clearTimeout(overall);
  await finish(result.error ? 1 : 0);
} catch (e) {
  clearTimeout(overall);
  result.error = String(e && e.message ? e.message.split('\n')[0] : e);
  if (context && context.pages()[0]) {
    await snapshotInto(context.pages()[0]);
  }
  await finish(1);
}
