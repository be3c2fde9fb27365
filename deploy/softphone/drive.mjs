// Drives one call of the softphone page in a headless browser: --browser chromium (Debian's /usr/bin/chromium,
// through playwright-core over CDP) or --browser firefox (Debian's /usr/bin/firefox-esr, through puppeteer-core over
// WebDriver BiDi; playwright's Firefox needs its own patched build, a system Firefox only speaks BiDi). Serves the
// page on 127.0.0.1, registers over WebSocket, then either calls --call URI and hangs up after --talk-ms, or (without
// --call) answers the first incoming call and waits for the far end's BYE. The browser's fake microphone plays a
// --tone-hz sine; the page's analyser reports which tone it hears. Writes everything to --out as JSON.
// Talk time, the settle time before listening and --listen-at-ms count from the moment media flows (the peer
// connection connected: ICE and DTLS up, at most 15 s after the call is confirmed), not from the 200 OK: on a busy
// machine DTLS can take seconds.
//
//   node drive.mjs --ws ws://127.0.0.1:8080/ --user alice --call sip:service@127.0.0.1:5080 --out result.json
//   node drive.mjs --ws ws://127.0.0.1:8080/ --user alice --out result.json          (answer an incoming call)
//   --browser firefox      Firefox ESR over WebDriver BiDi instead of Chromium (--bundle-policy balanced, ...)
//   --password SECRET      SIP digest password of --user: answers the registrar's and proxy's 401/407
//   --dtmf 123456789*#     after listening, send these digits as RFC 4733 events (--dtmf-ms, --dtmf-gap-ms)
//   --record heard.wav     write everything the phone heard (16-bit mono WAV at the page's audio rate)
//   --events               watch the RFC 4733 events the phone receives, as they arrive (result:
//                          softphone.call.eventsReceived, one entry per event with its digit, timestamp, duration)
//   --ice-restart-at-ms 2500  restartIce() and a re-INVITE 2.5 s into the call; the result reports the gap
//
// The edge as a browser on the internet meets it (each a flag of its own, none on by default):
//   --ws wss://HOST:PORT/ --trust-spki BASE64   secure WebSocket; Chromium trusts a chain holding a certificate with
//                                               this SPKI (base64 SHA-256, repeatable), e.g. a test CA's, and no
//                                               other unknown CA (--ignore-certificate-errors-spki-list)
//   --ws wss://HOST:PORT/ --trust-ca PEM        the same for either browser from the CA's certificate: Chromium gets
//                                               its SPKI hash as above; Firefox a fresh profile whose NSS database
//                                               (certutil, Debian libnss3-tools) holds this CA as its only added root
//   --page-cert PEM --page-key PEM              serve the page over https, as browsers require for wss in production
//   --from-user NAME, --extra-header 'H: v'     what the caller claims (From user; extra INVITE headers, repeatable)
//   --ice-server turn:HOST:PORT?transport=udp   STUN/TURN servers (repeatable; turns: for TURN over TLS) with
//   --ice-username U --ice-credential C         their credentials, and
//   --ice-transport-policy relay                only relayed candidates (default: all)
//   --ice-server-address ADDRESS                the address the --ice-server URLs' host names stand for (no DNS in
//                                               a test bed; Firefox takes a turns: URL only with a name)
//   --listen-at-ms 4000,8000                    listen again at these times after media connected
//                                               (result.heardAt), for a far end whose sound changes mid-call
//
// Progress lines on stdout, each alone on a line, for a test driving this: "page <url>", "registered",
// "confirmed", "media connected", "heard <Hz>", "done" (or "error <reason>"). Exit code 0 when the call was set up,
// measured and ended normally; 1 on any failure (the JSON says which, e.g. no media within 15 s); 2 on the overall
// --timeout-ms; 3 when stopped by a signal.
//
// On a loopback-only test bed Chromium needs --allow-loopback-in-peer-connection, and it gathers ICE candidates on
// every interface: run this inside a network namespace holding only lo (unshare -n) so every packet stays on
// 127.0.0.1. Firefox gathers no candidate on lo, nor on an interface without a default route: give its namespace a
// veth pair with a TEST-NET address and a default route that leads nowhere (see testbed's LoopbackNamespace).
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
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
    events: { type: 'boolean', default: false },
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
    browser: { type: 'string', default: 'chromium' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    firefox: { type: 'string', default: '/usr/bin/firefox-esr' },
    'ice-restart-at-ms': { type: 'string' },
    'trust-spki': { type: 'string', multiple: true, default: [] },
    'trust-ca': { type: 'string', multiple: true, default: [] },
    certutil: { type: 'string', default: '/usr/bin/certutil' },
    'page-cert': { type: 'string' },
    'page-key': { type: 'string' },
    'from-user': { type: 'string' },
    'extra-header': { type: 'string', multiple: true, default: [] },
    'ice-server': { type: 'string', multiple: true, default: [] },
    'ice-username': { type: 'string' },
    'ice-credential': { type: 'string' },
    'ice-transport-policy': { type: 'string', default: 'all' },
    'ice-server-address': { type: 'string' },
    'listen-at-ms': { type: 'string', default: '' },
  },
});
if (!args.ws || !args.out || !['chromium', 'firefox'].includes(args.browser)) {
  console.error('usage: node drive.mjs --ws ws://host:port/ --user NAME [--call URI] [--browser chromium|firefox]'
    + ' --out result.json');
  process.exit(64);
}
if (args.browser === 'firefox' && args['trust-spki'].length > 0) {
  console.error('--trust-spki is Chromium\'s; give Firefox the CA\'s certificate with --trust-ca PEM');
  process.exit(64);
}
const number = (name) => Number(args[name]);
/** How long after the call is confirmed the driver waits for media (ICE + DTLS) before it gives the call up. */
const MEDIA_WAIT_MS = 15000;

const result = {
  mode: args.call ? 'call' : 'answer',
  target: args.call || null,
  toneHz: number('tone-hz'),
  browser: args.browser,
  browserVersion: null,
  flags: null,
  page: null,
  heard: null,
  heardAt: [],
  stats: null,
  connectedAfterMs: null, // from the call's confirmation to ICE + DTLS connected
  dtmfSent: null,
  recording: null,
  softphone: null,
  iceRestart: null,
  error: null,
};
const consoleLines = [];
let browser = null;  // { page, close() } of whichever browser runs
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
    if (browser) {
      await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 5000))]);
    }
  } catch (e) {
    consoleLines.push(`closing ${args.browser}: ${e}`);
  }
  if (served) {
    served.server.close();
  }
  await writeFile(args.out, JSON.stringify(result, null, 2));
  if (args.log) {
    await writeFile(args.log, consoleLines.join('\n') + '\n');
  }
  if (workDir) {
    await rm(workDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
  progress(result.error ? `error ${result.error}` : 'done');
  process.exit(code);
}

// Stopped from outside (the test's time ran out) or by our own deadline: keep what the page knows, close the browser.
async function abandon(reason, code) {
  result.error = result.error || reason;
  if (browser) {
    await Promise.race([snapshotInto(browser.page), new Promise((r) => setTimeout(r, 2000))]);
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

// Chromium: the fake capture device plays a WAV file of the tone, looped.
async function launchChromium(workDir) {
  const tone = path.join(workDir, `tone-${args['tone-hz']}hz.wav`);
  await writeFile(tone, toneWav(number('tone-hz')));
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
  const spkis = [...args['trust-spki'], ...await Promise.all(args['trust-ca'].map(spkiOf))];
  if (spkis.length > 0) {
    result.flags.push(`--ignore-certificate-errors-spki-list=${spkis.join(',')}`);
  }

  // A fresh profile each run (playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(path.join(workDir, 'profile'), {
    executablePath: args.chromium,
    headless: true,
    args: result.flags,
    timeout: 20000,
  });
  const page = context.pages()[0] || await context.newPage();
  return { page, version: context.browser() ? context.browser().version() : null, close: () => context.close() };
}

/** base64 SHA-256 of the SubjectPublicKeyInfo of the certificate in `pem`: Chromium's trusted-SPKI form. */
async function spkiOf(pem) {
  const spki = new X509Certificate(await readFile(pem)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * A new NSS database in Firefox's profile holding each --trust-ca as a root trusted for TLS servers ("C,,"): Firefox
 * then accepts a server whose chain ends there, and still refuses every other unknown CA.
 */
async function trustInFirefoxProfile(profile) {
  await mkdir(profile, { recursive: true });
  const db = `sql:${profile}`;
  execFileSync(args.certutil, ['-N', '-d', db, '--empty-password'], { stdio: 'pipe' });
  args['trust-ca'].forEach((pem, i) => {
    execFileSync(args.certutil, ['-A', '-d', db, '-n', `test CA ${i + 1}`, '-t', 'C,,', '-i', pem], { stdio: 'pipe' });
  });
}

// Firefox: its fake microphone is a sine of media.navigator.audio.fake_frequency; with no sound server in the
// namespace WebAudio would crash the content process, so cubeb's mock context stands in for the audio device (the
// analyser still gets the decoded audio). Host candidates not obfuscated as mDNS names: the sidecar checks them.
async function launchFirefox(workDir) {
  result.flags = {
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    'media.navigator.audio.fake_frequency': number('tone-hz'),
    'media.cubeb.force_mock_context': true,
    'media.autoplay.default': 0,
    'media.autoplay.block-webaudio': false,
    'media.peerconnection.ice.loopback': true,
    'media.peerconnection.ice.obfuscate_host_addresses': false,
    'network.dns.disableIPv6': true,
  };
  if (args['ice-server-address']) {
    // Firefox has no per-name rule: every name resolves to the address (the page and wss:// URLs hold addresses)
    result.flags['network.dns.forceResolve'] = args['ice-server-address'];
    result.flags['network.trr.mode'] = 5;
  }
  const profile = path.join(workDir, 'profile');
  if (args['trust-ca'].length > 0) {
    await trustInFirefoxProfile(profile);
  }
  const ff = await puppeteer.launch({
    browser: 'firefox',
    executablePath: args.firefox,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: result.flags,
    protocolTimeout: 20000,
    timeout: 30000,
  });
  const page = (await ff.pages())[0] || await ff.newPage();
  return { page, version: await ff.version(), close: () => ff.close() };
}

/**
 * The --ice-server URLs as the page gets them. With --ice-server-address, Firefox resolves their names to it
 * (network.dns.forceResolve: mtransport refuses TURN over TLS to an address, "TLS requires FQDN, not IP address").
 * Chromium gets the address in place of the name: it takes one in a turns: URL, and with the name (mapped by
 * --host-resolver-rules) it spent ~14 s gathering in a test bed without DNS, against under 1 s with the address.
 */
function iceServerUrls() {
  const address = args['ice-server-address'];
  if (!address || args.browser === 'firefox') {
    return args['ice-server'];
  }
  return args['ice-server'].map((url) => url.replace(/^(turns?:)([^:?]+)/, `$1${address}`));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run() {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'softphone-'));
  const pageTls = args['page-cert'] && args['page-key']
    ? { cert: await readFile(args['page-cert']), key: await readFile(args['page-key']) } : null;
  served = await startServer({ host: '127.0.0.1', port: 0, tls: pageTls });
  browser = args.browser === 'firefox' ? await launchFirefox(workDir) : await launchChromium(workDir);
  result.browserVersion = browser.version;
  const { page } = browser;
  page.on('console', (m) => consoleLines.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e}`));

  const query = new URLSearchParams({ ws: args.ws, user: args.user, mute: '1', debug: '1' });
  result.page = `${served.url}?${query}`;
  await page.goto(result.page);
  progress(`page ${result.page}`);

  const options = {
    ws: args.ws, user: args.user, password: args.password, autoAnswer: true, bundlePolicy: args['bundle-policy'],
    record: Boolean(args.record), events: args.events,
    fromUserName: args['from-user'], extraHeaders: args['extra-header'],
    iceTransportPolicy: args['ice-transport-policy'],
    iceServers: args['ice-server'].length === 0 ? [] : [{
      urls: iceServerUrls(), username: args['ice-username'], credential: args['ice-credential'],
    }],
  };
  await page.evaluate((o) => window.softphone.register(o), options);
  progress('registered');

  if (args.call) {
    await page.evaluate((a) => window.softphone.call(a.target, a.options), { target: args.call, options });
  } else {
    await page.evaluate((ms) => window.softphone.whenIncomingConfirmed(ms), number('answer-wait-ms'));
  }
  progress('confirmed');
  result.connectedAfterMs = await page.evaluate((ms) => window.softphone.whenConnected(ms), MEDIA_WAIT_MS);
  const talkFrom = Date.now();
  progress('media connected');

  if (args['ice-restart-at-ms']) {
    // listen through the restart: the page timestamps every analyser block, so the gap in what it hears shows
    const restartAt = number('ice-restart-at-ms');
    const listening = page.evaluate((ms) => window.softphone.listen(ms), restartAt + 3000);
    await sleep(restartAt);
    result.iceRestart = await page.evaluate(() => window.softphone.restartIce());
    progress('ice restarted');
    result.heard = await listening;
  } else {
    await sleep(number('settle-ms'));
    result.heard = await page.evaluate((ms) => window.softphone.listen(ms), number('listen-ms'));
  }
  progress(`heard ${result.heard.dominantHz.toFixed(1)}`);
  for (const at of args['listen-at-ms'].split(',').filter((t) => t.trim() !== '').map(Number)) {
    const wait = talkFrom + at - Date.now();
    if (wait > 0) {
      await new Promise((r) => setTimeout(r, wait));
    }
    const heard = await page.evaluate((ms) => window.softphone.listen(ms), number('listen-ms'));
    result.heardAt.push({ atMs: at, ...heard });
    progress(`heard at ${at} ${heard.dominantHz.toFixed(1)}`);
  }
  result.stats = await page.evaluate(() => window.softphone.stats());
  if (args.dtmf) {
    // after the listening: RFC 4733 events replace the audio packets while a digit lasts
    await page.evaluate(([d, ms, gap]) => window.softphone.sendDtmf(d, ms, gap),
      [args.dtmf, number('dtmf-ms'), number('dtmf-gap-ms')]);
    result.dtmfSent = args.dtmf;
    progress(`dtmf ${args.dtmf}`);
  }

  if (args.call) {
    const left = number('talk-ms') - (Date.now() - talkFrom);
    if (left > 0) {
      await sleep(left);
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
  if (browser) {
    await snapshotInto(browser.page);
  }
  await finish(1);
}
