// Loopback-only SIP-over-WebSocket sink: records every frame JsSIP sends, answers nothing.
const { WebSocketServer } = require('ws');
const fs = require('fs');
const out = process.argv[2];
const wss = new WebSocketServer({ host: '127.0.0.1', port: 8089,
  handleProtocols: (protocols) => (protocols.has('sip') ? 'sip' : false) });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data);
    fs.appendFileSync(out, JSON.stringify({ binary: isBinary, frame: buf.toString('latin1') }) + '\n');
  });
});
setTimeout(() => process.exit(0), 90000);
