// A fake Wildfire IM for tests: relays Janus API traffic between WebSocket clients (janus.js,
// janode) and the media server's MQTT link, the way the real IM relays its clients' CONF
// requests. Each request a client sends becomes a message on `to-janus`; everything the media
// server publishes on `from-janus` goes back to the client that owns it: replies by
// transaction, asynchronous events by session_id. It also answers `/api/node` so the media
// server finds the broker. JSON mode only (the protobuf topics are decoded in the Java tests).
//
// Usage: node im-relay.mjs <broker port> <http port for /api/node and WebSocket>
// Prints "relay ready" once connected to the broker.
import http from 'node:http';
import mqtt from 'mqtt';
import { WebSocketServer } from 'ws';

const [brokerPort, httpPort] = process.argv.slice(2).map(Number);
if (!brokerPort || !httpPort) {
  console.error('usage: node im-relay.mjs <broker port> <http port>');
  process.exit(2);
}

const byTransaction = new Map(); // transaction -> websocket
const bySession = new Map();     // session id  -> websocket
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api/node')) {
    // A plain body with Content-Length: the media server, like the Janus fork, reads the raw body.
    const body = `127.0.0.1:${brokerPort}`;
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) }).end(body);
  } else {
    res.writeHead(404).end();
  }
});
const wss = new WebSocketServer({ server, handleProtocols: protocols => protocols.has('janus-protocol') ? 'janus-protocol' : false });
const link = mqtt.connect(`mqtt://127.0.0.1:${brokerPort}`, {
  clientId: 'fake-im', protocolVersion: 4, reconnectPeriod: 500, clean: true,
});

link.on('connect', () => {
  link.subscribe('from-janus', { qos: 0 }, () => console.log('relay ready'));
});
link.on('message', (topic, payload) => {
  if (topic !== 'from-janus') return;
  let msg;
  try { msg = JSON.parse(payload.toString('utf8')); } catch { return; }
  let ws = msg.transaction ? byTransaction.get(msg.transaction) : undefined;
  if (ws && msg.janus !== 'ack') byTransaction.delete(msg.transaction);
  if (!ws && msg.session_id) ws = bySession.get(msg.session_id);
  if (msg.janus === 'success' && msg.data?.id && !msg.session_id && ws) bySession.set(msg.data.id, ws); // create
  if (ws && ws.readyState === 1) ws.send(JSON.stringify(msg));
});

wss.on('connection', ws => {
  ws.on('message', data => {
    let req;
    try { req = JSON.parse(data.toString('utf8')); } catch { return; }
    if (req.transaction) byTransaction.set(req.transaction, ws);
    if (req.session_id) bySession.set(req.session_id, ws);
    link.publish('to-janus', JSON.stringify(req), { qos: 0 });
  });
  ws.on('close', () => {
    for (const [k, v] of bySession) if (v === ws) bySession.delete(k);
    for (const [k, v] of byTransaction) if (v === ws) byTransaction.delete(k);
  });
});
server.listen(httpPort, '127.0.0.1');
process.on('SIGTERM', () => { link.end(true); server.close(); process.exit(0); });
