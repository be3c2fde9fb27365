// The softphone: JsSIP over WebSocket, the microphone (Chromium's fake device in tests) as the sending track,
// the remote track on a (muted) <audio> element AND a WebAudio AnalyserNode, so a test or a person reads which
// tone the phone hears. Everything a driver needs is on window.softphone (see drive.mjs).
/* global JsSIP */

const $ = (id) => document.getElementById(id);
const started = performance.now();

const state = {
  registered: false,
  registrationError: null,
  call: null,        // { direction: 'outgoing'|'incoming', state, cause, sdps: [...] }
  log: [],
};

let ua = null;
let session = null;
let audioContext = null;
let analyser = null;
let remoteStream = null;
let ended = null;    // { promise, resolve } of the current call
let recorder = null; // { chunks: [Float32Array], sampleRate } while recording what the phone hears
let recordWanted = false;
let eventsWanted = false;

function log(text) {
  const line = `${((performance.now() - started) / 1000).toFixed(3)} ${text}`;
  state.log.push(line);
  const pre = $('log');
  if (pre) {
    pre.textContent += line + '\n';
  }
}

function setStatus(text) {
  $('status').textContent = text;
}

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((ok, fail) => { resolve = ok; reject = fail; });
  return { promise, resolve, reject };
}

// The microphone as it is: no echo cancellation, gain control or noise suppression, which would treat a
// steady test tone as noise and fade it out.
const mediaConstraints = {
  audio: { echoCancellation: false, autoGainControl: false, noiseSuppression: false },
  video: false,
};

// RTCPeerConnection configuration. Without iceServers, host candidates only (the phone and the sidecar share a
// network); with a TURN server and iceTransportPolicy 'relay', only candidates relayed through it (a browser behind
// a firewall that lets no UDP through to the media server). bundlePolicy 'max-bundle' is what most WebRTC apps use;
// the answer must then carry a=group:BUNDLE.
function pcConfig(options) {
  return {
    iceServers: options.iceServers || [],
    iceTransportPolicy: options.iceTransportPolicy || 'all',
    bundlePolicy: options.bundlePolicy || 'max-bundle',
    rtcpMuxPolicy: 'require',
  };
}

/** Registers `user` over `ws`; resolves once the registrar said 200. */
function register(options) {
  const { ws, user, password } = options;
  recordWanted = Boolean(options.record);
  eventsWanted = Boolean(options.events);
  if (ua) {
    ua.stop();
  }
  const registered = deferred();
  const socket = new JsSIP.WebSocketInterface(ws);
  const host = new URL(ws.replace(/^ws/, 'http')).hostname;
  ua = new JsSIP.UA({
    sockets: [socket],
    uri: `sip:${user}@${host}`,
    display_name: user,
    register: true,
    register_expires: 600,
    session_timers: false,
    user_agent: 'rtc-sip-softphone (JsSIP ' + JsSIP.version + ')',
    // a registrar or proxy that challenges (Kamailio's digest auth, Asterisk's PJSIP endpoints): this password
    ...(password ? { password } : {}),
  });
  ua.on('connected', () => log(`websocket connected to ${ws}`));
  ua.on('disconnected', (e) => {
    log(`websocket disconnected${e && e.error ? ` (error${e.reason ? `: ${e.reason}` : ''})` : ''}`);
    // a WebSocket that fails before the first registration (refused, or a certificate the browser does not
    // trust) fails the registration at once: JsSIP would retry for ever
    if (e && e.error && !state.registered) {
      ua.stop();
      registered.reject(new Error('registration failed: the WebSocket to the registrar failed'));
    }
  });
  ua.on('registered', () => {
    state.registered = true;
    state.registrationError = null;
    log(`registered as ${user}`);
    setStatus(`registered as ${user}`);
    registered.resolve();
  });
  ua.on('registrationFailed', (e) => {
    state.registered = false;
    state.registrationError = e.cause;
    log(`registration failed: ${e.cause}`);
    setStatus(`registration failed: ${e.cause}`);
    registered.reject(new Error(`registration failed: ${e.cause}`));
  });
  ua.on('newRTCSession', (e) => onNewSession(e, options));
  ua.start();
  return registered.promise;
}

function onNewSession(e, options) {
  if (e.originator !== 'remote') {
    return; // our own call: set up in call()
  }
  if (session && !session.isEnded()) {
    log('busy: rejecting a second call');
    e.session.terminate({ status_code: 486 });
    return;
  }
  track(e.session, 'incoming', options);
  log(`incoming call from ${e.request.from.uri}`);
  if ($('autoAnswer').checked || options.autoAnswer) {
    e.session.on('peerconnection', (p) => watchPeerConnection(p.peerconnection));
    e.session.answer({ mediaConstraints, pcConfig: pcConfig(options) });
  } else {
    setStatus(`ringing: ${e.request.from.uri}`);
  }
}

/** Calls `target`; resolves when the call is confirmed (ACK sent), rejects if it fails. */
function call(target, options) {
  if (!ua) {
    return Promise.reject(new Error('register first'));
  }
  const confirmed = deferred();
  log(`calling ${target}`);
  const s = ua.call(target, {
    mediaConstraints,
    pcConfig: pcConfig(options),
    fromUserName: options.fromUserName || undefined,
    extraHeaders: options.extraHeaders || [],
    eventHandlers: {
      peerconnection: (p) => watchPeerConnection(p.peerconnection),
      confirmed: () => confirmed.resolve(),
      failed: (f) => confirmed.reject(new Error(`call failed: ${f.cause}`)),
    },
  });
  track(s, 'outgoing', options);
  return confirmed.promise;
}

// Bookkeeping shared by both directions: state, SDPs as they crossed SIP, end of call.
function track(s, direction, options) {
  session = s;
  // JsSIP sends its offer or answer once ICE gathering is complete. With relayed candidates only, one relayed
  // candidate is all the far end can use: send at once rather than wait for allocations that cannot succeed (a TURN
  // server over UDP unreachable from some local address keeps gathering open for its whole retransmission time).
  s.on('icecandidate', (e) => {
    if (options && options.iceTransportPolicy === 'relay' && / typ relay /.test(e.candidate.candidate)) {
      e.ready();
    }
  });
  ended = deferred();
  const info = { direction, state: 'progress', cause: null, sdps: [], remoteTrack: false };
  state.call = info;
  const done = ended;
  s.on('sdp', (e) => {
    info.sdps.push({ originator: e.originator, type: e.type, sdp: e.sdp });
  });
  s.on('progress', () => { info.state = 'progress'; setStatus(`${direction}: ringing`); });
  s.on('accepted', () => { info.state = 'accepted'; });
  s.on('confirmed', () => { info.state = 'confirmed'; setStatus(`${direction}: in call`); log('call confirmed'); });
  s.on('ended', (e) => {
    info.state = 'ended';
    info.cause = `${e.originator}: ${e.cause}`;
    setStatus(`call ended (${info.cause})`);
    log(`call ended by ${info.cause}`);
    done.resolve(info.cause);
  });
  s.on('failed', (e) => {
    info.state = 'failed';
    info.cause = `${e.originator}: ${e.cause}`;
    setStatus(`call failed (${info.cause})`);
    log(`call failed: ${info.cause}`);
    done.resolve(info.cause);
  });
}

function watchPeerConnection(pc) {
  if (eventsWanted) {
    // a receiver transform set only once the answer arrived (the offerer's 'track') never sees a frame in Chromium:
    // set it on the receiver that adding the microphone's track creates, before the offer
    const addTrack = pc.addTrack.bind(pc);
    pc.addTrack = (...args) => {
      const sender = addTrack(...args);
      const transceiver = pc.getTransceivers().find((t) => t.sender === sender);
      if (transceiver && sender.track && sender.track.kind === 'audio' && !transceiver.receiver.transform) {
        watchEvents(transceiver.receiver, pc);
      }
      return sender;
    };
  }
  pc.addEventListener('iceconnectionstatechange', () => log(`ice ${pc.iceConnectionState}`));
  pc.addEventListener('connectionstatechange', () => {
    log(`peer connection ${pc.connectionState}`);
  });
  pc.addEventListener('track', (e) => {
    log(`remote ${e.track.kind} track`);
    if (e.track.kind === 'audio') {
      state.call.remoteTrack = true;
      if (eventsWanted && !e.receiver.transform) {
        watchEvents(e.receiver, pc);
      }
      hear(e.streams[0] || new MediaStream([e.track]));
    }
  });
}

// The RFC 4733 events the phone receives, as they arrive: a receiver transform (RTCRtpScriptTransform, in a worker)
// sees the payload of every RTP packet of the track before the jitter buffer; a 4-byte payload of a telephone-event
// type is an event (event code, end bit, duration). What a person hears of them is the jitter buffer's playout, which
// may merge or cut short events whose timestamps are odd; this is what the far end sent. Every frame takes a hop
// through the worker, which itself disturbs playout (Asterisk's digits: 7-10 of 11 heard with it, 11 without), so a
// test judges what is heard on a call without it.
const EVENT_WORKER = `let frames = 0;
const counts = {};
onrtctransform = (e) => {
  const t = e.transformer;
  t.readable.pipeThrough(new TransformStream({
    transform(frame, out) {
      const m = frame.getMetadata();
      if (frame.data.byteLength === 4) {
        const b = new Uint8Array(frame.data);
        postMessage([m.payloadType, m.rtpTimestamp, b[0], b[1] >> 7, (b[2] << 8) | b[3]]);
      }
      counts[m.payloadType] = (counts[m.payloadType] || 0) + 1;
      if (++frames % 50 === 0) {
        postMessage({ counts });
      }
      out.enqueue(frame);
    },
  })).pipeTo(t.writable);
};`;
const EVENT_DIGITS = '0123456789*#ABCD';

function watchEvents(receiver, pc) {
  if (typeof RTCRtpScriptTransform === 'undefined') {
    log('no RTCRtpScriptTransform: the RFC 4733 events received are not watched');
    return;
  }
  const info = state.call;
  if (!info) {
    log('no call to watch the RFC 4733 events of');
    return;
  }
  info.eventsReceived = [];
  const worker = new Worker(URL.createObjectURL(new Blob([EVENT_WORKER], { type: 'text/javascript' })));
  info.framesByPayloadType = {};
  worker.onmessage = (m) => {
    if (!Array.isArray(m.data)) {
      info.framesByPayloadType = m.data.counts; // how many frames of each payload type the transform saw
      return;
    }
    const [pt, ts, code, end, duration] = m.data;
    if (!telephoneEventTypes(pc).has(pt)) {
      return; // a 4-byte frame of the audio codec
    }
    const last = info.eventsReceived[info.eventsReceived.length - 1];
    if (last && last.ts === ts && last.code === code) {
      last.packets += 1;
      last.end = last.end || end === 1;
      last.duration = Math.max(last.duration, duration);
      return;
    }
    info.eventsReceived.push({
      digit: EVENT_DIGITS[code] || `?${code}`, code, ts, pt, duration, end: end === 1, packets: 1,
      atMs: Math.round(performance.now() - started),
    });
  };
  worker.onerror = (e) => log(`the RFC 4733 watcher failed: ${e.message}`);
  receiver.transform = new RTCRtpScriptTransform(worker, {});
  log('watching the RFC 4733 events received');
}

// The payload types either SDP maps to telephone-event (the sender uses the numbers of the SDP it received).
function telephoneEventTypes(pc) {
  const types = new Set();
  for (const d of [pc.remoteDescription, pc.localDescription]) {
    for (const m of (d ? d.sdp : '').matchAll(/a=rtpmap:(\d+) telephone-event\//gi)) {
      types.add(Number(m[1]));
    }
  }
  return types;
}

// WebAudio reads silence from a remote WebRTC stream unless the stream also plays in a media element: attach it
// to the <audio> element (muted on request) and feed the same stream to the analyser.
function hear(stream) {
  remoteStream = stream;
  const audio = $('remote');
  audio.srcObject = stream;
  audio.muted = $('mute').checked;
  audio.play().catch((err) => log(`audio element: ${err}`));
  if (!audioContext) {
    audioContext = new AudioContext();
    analyser = audioContext.createAnalyser();
    analyser.fftSize = 16384;          // 48 kHz / 16384 = 2.9 Hz bins
    analyser.smoothingTimeConstant = 0;
  }
  audioContext.resume();
  const source = audioContext.createMediaStreamSource(stream);
  source.connect(analyser);
  if (recordWanted) {
    record(source);
  }
}

// Everything the phone hears from the first remote sample on, at the AudioContext's rate, for a test to analyse
// offline (DTMF the far end sent, tones, gaps). A ScriptProcessorNode: deprecated, but it needs no worklet module
// and runs in every Chromium; it runs only while connected to the destination, so through a silent gain.
function record(source) {
  recorder = { chunks: [], sampleRate: audioContext.sampleRate, startedMs: performance.now() - started };
  const node = audioContext.createScriptProcessor(4096, 1, 1);
  const silent = audioContext.createGain();
  silent.gain.value = 0;
  node.onaudioprocess = (e) => recorder.chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)));
  source.connect(node);
  node.connect(silent);
  silent.connect(audioContext.destination);
  log(`recording what the phone hears at ${recorder.sampleRate} Hz`);
}

/** What was recorded so far: 16-bit little-endian PCM, base64, with its rate and start time (ms since load). */
function recording() {
  if (!recorder) {
    return null;
  }
  const samples = recorder.chunks.reduce((n, c) => n + c.length, 0);
  const bytes = new Uint8Array(samples * 2);
  const view = new DataView(bytes.buffer);
  let at = 0;
  for (const chunk of recorder.chunks) {
    for (const v of chunk) {
      view.setInt16(at, Math.max(-32768, Math.min(32767, Math.round(v * 32767))), true);
      at += 2;
    }
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return { sampleRate: recorder.sampleRate, samples, startedMs: recorder.startedMs, pcm16: btoa(binary) };
}

/**
 * Sends `digits` as RFC 4733 telephone-events (JsSIP's RFC2833 transport: the RTCDTMFSender of the audio
 * sender), `durationMs` each, `gapMs` apart; resolves once the last one has been played out.
 */
async function sendDtmf(digits, durationMs, gapMs) {
  if (!session || session.isEnded()) {
    throw new Error('no call to send DTMF in');
  }
  session.sendDTMF(digits, { transportType: 'RFC2833', duration: durationMs, interToneGap: gapMs });
  log(`DTMF ${digits} (RFC 4733, ${durationMs} ms, gap ${gapMs} ms)`);
  await new Promise((r) => setTimeout(r, digits.length * (durationMs + gapMs) + 200));
}

/**
 * Listens for `ms` milliseconds: averages the analyser's power spectrum over snapshots 100 ms apart and returns
 * the strongest frequency between 100 and 4000 Hz (parabolic interpolation between bins), its level, the median
 * level of the band (the floor a tone must stand out of) and the mean RMS of the waveform in dBFS.
 */
async function listen(ms) {
  if (!analyser) {
    return { dominantHz: 0, peakDb: -200, floorDb: -200, rmsDbfs: -200, snapshots: 0, error: 'no remote audio' };
  }
  const bins = analyser.frequencyBinCount;
  const binHz = audioContext.sampleRate / analyser.fftSize;
  const spectrum = new Float32Array(bins);
  const wave = new Float32Array(analyser.fftSize);
  const power = new Float64Array(bins);
  let meanSquare = 0;
  let snapshots = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    analyser.getFloatFrequencyData(spectrum);
    for (let i = 0; i < bins; i++) {
      power[i] += Number.isFinite(spectrum[i]) ? 10 ** (spectrum[i] / 10) : 0;
    }
    analyser.getFloatTimeDomainData(wave);
    let sum = 0;
    for (const v of wave) {
      sum += v * v;
    }
    meanSquare += sum / wave.length;
    snapshots++;
    await new Promise((r) => setTimeout(r, 100));
  }
  const lo = Math.ceil(100 / binHz);
  const hi = Math.min(bins - 2, Math.floor(4000 / binHz));
  let peak = lo;
  for (let i = lo; i <= hi; i++) {
    if (power[i] > power[peak]) {
      peak = i;
    }
  }
  const db = (p) => 10 * Math.log10(Math.max(p / snapshots, 1e-20));
  const [a, b, c] = [db(power[peak - 1]), db(power[peak]), db(power[peak + 1])];
  const offset = a - 2 * b + c === 0 ? 0 : 0.5 * (a - c) / (a - 2 * b + c);
  const band = Array.from(power.subarray(lo, hi + 1)).sort((x, y) => x - y);
  return {
    dominantHz: (peak + offset) * binHz,
    peakDb: b,
    floorDb: db(band[Math.floor(band.length / 2)]),
    rmsDbfs: 10 * Math.log10(Math.max(meanSquare / Math.max(snapshots, 1), 1e-20)),
    snapshots,
    binHz,
  };
}

/**
 * A summary of RTCPeerConnection.getStats(): codecs, packets, ICE pair, DTLS/SRTP ciphers, local candidates.
 * Firefox has no RTCTransportStats: there the transport comes from the connection's own states, and the selected
 * pair is the candidate-pair marked selected (Chromium names it from the transport).
 */
async function stats() {
  const pc = session && session.connection;
  if (!pc) {
    return null;
  }
  const report = await pc.getStats();
  const byId = new Map();
  report.forEach((s) => byId.set(s.id, s));
  const codec = (id) => {
    const c = byId.get(id);
    return c ? { mimeType: c.mimeType, clockRate: c.clockRate, payloadType: c.payloadType } : null;
  };
  const summary = { inbound: null, outbound: null, transport: null, pair: null, localCandidates: [] };
  const describePair = (pair) => {
    const local = byId.get(pair.localCandidateId) || {};
    const remote = byId.get(pair.remoteCandidateId) || {};
    const address = (c) => c.address || c.ip;
    summary.pair = {
      state: pair.state, nominated: pair.nominated,
      local: `${address(local)}:${local.port}/${(local.protocol || '').toLowerCase()} ${local.candidateType}`,
      remote: `${address(remote)}:${remote.port}/${(remote.protocol || '').toLowerCase()} ${remote.candidateType}`,
      localCandidateType: local.candidateType || null,
      // how a relayed candidate reaches its TURN server: udp, tcp or tls
      localRelayProtocol: local.relayProtocol || null,
      localUrl: local.url || null,
    };
  };
  report.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      summary.inbound = {
        packetsReceived: s.packetsReceived, bytesReceived: s.bytesReceived, packetsLost: s.packetsLost,
        jitter: s.jitter, audioLevel: s.audioLevel, codec: codec(s.codecId),
      };
    } else if (s.type === 'outbound-rtp' && s.kind === 'audio') {
      summary.outbound = { packetsSent: s.packetsSent, bytesSent: s.bytesSent, codec: codec(s.codecId) };
    } else if (s.type === 'transport') {
      summary.transport = {
        dtlsState: s.dtlsState, dtlsRole: s.dtlsRole, dtlsCipher: s.dtlsCipher, srtpCipher: s.srtpCipher,
        tlsVersion: s.tlsVersion, iceRole: s.iceRole, iceState: s.iceState,
      };
      const pair = byId.get(s.selectedCandidatePairId);
      if (pair) {
        describePair(pair);
      }
    } else if (s.type === 'local-candidate') {
      summary.localCandidates.push(`${s.address || s.ip}:${s.port}/${(s.protocol || '').toLowerCase()} `
        + `${s.candidateType}`);
    }
  });
  if (!summary.pair) {
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && (s.selected || (s.nominated && s.state === 'succeeded'))) {
        describePair(s);
      }
    });
  }
  if (!summary.transport) {
    // connectionState "connected" = ICE and DTLS both connected (W3C webrtc-pc §4.3.3)
    summary.transport = {
      dtlsState: pc.connectionState === 'connected' ? 'connected' : pc.connectionState,
      iceState: pc.iceConnectionState, source: 'RTCPeerConnection states (no RTCTransportStats)',
    };
  }
  return summary;
}

/** packetsReceived of the audio inbound-rtp, or -1. */
async function inboundPackets(pc) {
  const report = await pc.getStats();
  let packets = -1;
  report.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      packets = s.packetsReceived;
    }
  });
  return packets;
}

/**
 * An ICE restart started by the browser (RFC 8445 §9, W3C restartIce()): new credentials in a re-INVITE. Samples
 * packetsReceived every 20 ms from 1 s before until 3 s after, and returns the longest stretch with no new packet,
 * the gap the far side's audio had on its way in.
 */
async function restartIce() {
  const pc = session && session.connection;
  if (!pc) {
    throw new Error('no call to restart ICE on');
  }
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      samples.push([performance.now(), await inboundPackets(pc)]);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await new Promise((r) => setTimeout(r, 1000));
  const before = pc.localDescription.sdp.match(/a=ice-ufrag:(\S+)/)[1];
  const started = performance.now();
  pc.restartIce();
  const renegotiated = new Promise((resolve, reject) => {
    const ok = session.renegotiate({}, () => resolve());
    if (!ok) {
      reject(new Error('JsSIP refused to renegotiate now'));
    }
  });
  await renegotiated;
  const answeredMs = performance.now() - started;
  log(`ice restart: re-INVITE answered after ${answeredMs.toFixed(0)} ms`);
  await new Promise((r) => setTimeout(r, 3000));
  sampling = false;
  await sampler;
  const after = pc.localDescription.sdp.match(/a=ice-ufrag:(\S+)/)[1];
  let longestGapMs = 0;
  let lastChange = samples.length ? samples[0][0] : 0;
  for (let i = 1; i < samples.length; i++) {
    if (samples[i][1] !== samples[i - 1][1]) {
      longestGapMs = Math.max(longestGapMs, samples[i][0] - lastChange);
      lastChange = samples[i][0];
    }
  }
  if (samples.length) {
    longestGapMs = Math.max(longestGapMs, samples[samples.length - 1][0] - lastChange);
  }
  return {
    ufragBefore: before, ufragAfter: after, answeredMs, longestInboundGapMs: longestGapMs,
    samples: samples.length, packetsBefore: samples.length ? samples[0][1] : -1,
    packetsAfter: samples.length ? samples[samples.length - 1][1] : -1,
    iceState: pc.iceConnectionState, connectionState: pc.connectionState,
  };
}

/**
 * Resolves with the ms it took once the call's peer connection is connected (ICE and DTLS done: media can flow),
 * rejects after `timeoutMs`. A call is confirmed by SIP before that; measuring sound earlier measures nothing.
 */
async function whenConnected(timeoutMs) {
  const from = performance.now();
  while (performance.now() - from < timeoutMs) {
    const pc = session && session.connection;
    if (pc && pc.connectionState === 'connected') {
      return performance.now() - from;
    }
    if (pc && (pc.connectionState === 'failed' || pc.connectionState === 'closed')) {
      throw new Error(`peer connection ${pc.connectionState}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`peer connection not connected within ${timeoutMs} ms`);
}

function hangup() {
  if (session && !session.isEnded()) {
    session.terminate();
  }
}

function whenEnded() {
  return ended ? ended.promise : Promise.resolve(null);
}

/** Resolves with the first incoming call once it is confirmed (auto-answer on). */
async function whenIncomingConfirmed(timeoutMs) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (state.call && state.call.direction === 'incoming') {
      if (state.call.state === 'confirmed') {
        return state.call;
      }
      if (state.call.state === 'failed' || state.call.state === 'ended') {
        throw new Error(`incoming call ${state.call.state}: ${state.call.cause}`);
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no incoming call confirmed within ${timeoutMs} ms`);
}

function snapshot() {
  return JSON.parse(JSON.stringify(state));
}

window.softphone = {
  register, call, hangup, listen, stats, sendDtmf, recording, whenConnected, restartIce, whenEnded,
  whenIncomingConfirmed, snapshot,
};

// ---- the form, for a person ----
const params = new URLSearchParams(location.search);
for (const id of ['ws', 'user', 'target']) {
  if (params.has(id)) {
    $(id).value = params.get(id);
  }
}
if (params.get('mute') === '1') {
  $('mute').checked = true;
}
$('mute').addEventListener('change', () => { $('remote').muted = $('mute').checked; });
const formOptions = () => ({
  ws: $('ws').value, user: $('user').value, password: $('password').value || null,
  bundlePolicy: params.get('bundlePolicy'),
});
$('register').addEventListener('click', () => register(formOptions()).catch((e) => log(String(e))));
$('call').addEventListener('click', () => call($('target').value, formOptions()).catch((e) => log(String(e))));
$('hangup').addEventListener('click', hangup);
setInterval(async () => {
  if (analyser && session && !session.isEnded()) {
    const heard = await listen(300);
    $('heard').textContent = `${heard.dominantHz.toFixed(1)} Hz at ${heard.peakDb.toFixed(1)} dB `
      + `(floor ${heard.floorDb.toFixed(1)} dB, ${heard.rmsDbfs.toFixed(1)} dBFS)`;
  }
}, 1000);
if (params.get('debug') === '1') {
  JsSIP.debug.enable('JsSIP:*');
}
log(`softphone loaded, JsSIP ${JsSIP.version}`);
