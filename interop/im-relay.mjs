// A fake Wildfire IM for tests: relays Janus API traffic between WebSocket clients (janus.js,
// janode) and the media server's MQTT link, the way the real IM relays its clients' CONF
// requests. Each request a client sends becomes a message on `to-janus`; everything the media
// server publishes on `from-janus` goes back to the client that owns it: replies by
// transaction, asynchronous events by session_id. It also answers `/api/node` so the media
// server finds the broker. JSON mode only (the protobuf topics are decoded in the Java tests).
//
// Several brokers may be given (comma list): the relay listens on all of them and sends to the
// one `/api/node` currently names, as an IM whose node moved would. Test controls:
//   POST /control/node  body "host:port"  -> /api/node answers that broker from now on
//   GET  /control/ping                    -> sends a Janus ping through the current broker and
//                                            answers {"ms": round trip} once the pong is back
//
// Usage: node im-relay.mjs <broker port[,broker port...]> <http port for /api/node and WebSocket>
// Prints "relay ready" once connected to the first broker.
import http from 'node:http';
import mqtt from 'mqtt';
import { WebSocketServer } from 'ws';

const [brokerArg, httpArg] = process.argv.slice(2);
const brokerPorts = (brokerArg || '').split(',').map(Number).filter(Boolean);
const httpPort = Number(httpArg);
if (brokerPorts.length === 0 || !httpPort) {
  console.error('usage: node im-relay.mjs <broker port[,port...]> <http port>');
  process.exit(2);
}

let node = `127.0.0.1:${brokerPorts[0]}`;
const byTransaction = new Map(); // transaction -> websocket (or a ping waiter)
const bySession = new Map();     // session id  -> websocket
const links = new Map();         // "127.0.0.1:port" -> mqtt client
let pingCounter = 0;

function deliver(payload) {
  let msg;
  try { msg = JSON.parse(payload.toString('utf8')); } catch { return; }
  let target = msg.transaction ? byTransaction.get(msg.transaction) : undefined;
  if (target && msg.janus !== 'ack') byTransaction.delete(msg.transaction);
  if (typeof target === 'function') { target(msg); return; }
  if (!target && msg.session_id) target = bySession.get(msg.session_id);
  if (msg.janus === 'success' && msg.data?.id && !msg.session_id && target) bySession.set(msg.data.id, target);
  if (target && target.readyState === 1) target.send(JSON.stringify(msg));
}

let ready = false;
for (const port of brokerPorts) {
  const address = `127.0.0.1:${port}`;
  const link = mqtt.connect(`mqtt://${address}`, {
    clientId: `fake-im-${port}`, protocolVersion: 4, reconnectPeriod: 300, clean: true, connectTimeout: 2000,
  });
  link.on('connect', () => link.subscribe('from-janus', { qos: 0 }, () => {
    if (!ready && port === brokerPorts[0]) { ready = true; console.log('relay ready'); }
  }));
  link.on('message', (topic, payload) => { if (topic === 'from-janus') deliver(payload); });
  link.on('error', () => {});
  links.set(address, link);
}

function send(req) {
  const link = links.get(node);
  if (link) link.publish('to-janus', JSON.stringify(req), { qos: 0 });
}

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/api/node')) {
    // A plain body with Content-Length: the media server, like the Janus fork, reads the raw body.
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(node) }).end(node);
  } else if (req.url === '/control/node' && req.method === 'POST') {
    let body = '';
    req.on('data', c => { body += c; });
    req.on('end', () => { node = body.trim(); res.writeHead(200).end(node); });
  } else if (req.url === '/control/ping') {
    const transaction = `relay-ping-${++pingCounter}`;
    const started = Date.now();
    const retry = setInterval(() => send({ janus: 'ping', transaction }), 500);
    byTransaction.set(transaction, msg => {
      clearInterval(retry);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ms: Date.now() - started, janus: msg.janus }));
    });
    send({ janus: 'ping', transaction });
  } else {
    res.writeHead(404).end();
  }
});
const wss = new WebSocketServer({ server, handleProtocols: protocols => protocols.has('janus-protocol') ? 'janus-protocol' : false });
wss.on('connection', ws => {
  ws.on('message', data => {
    let req;
    try { req = JSON.parse(data.toString('utf8')); } catch { return; }
    if (req.transaction) byTransaction.set(req.transaction, ws);
    if (req.session_id) bySession.set(req.session_id, ws);
    send(req);
  });
  ws.on('close', () => {
    for (const [k, v] of bySession) if (v === ws) bySession.delete(k);
    for (const [k, v] of byTransaction) if (v === ws) byTransaction.delete(k);
  });
});
server.listen(httpPort, '127.0.0.1');
process.on('SIGTERM', () => { for (const l of links.values()) l.end(true); server.close(); process.exit(0); });
