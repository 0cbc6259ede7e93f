// Runs one scripted Janus API conversation over HTTP (POST + long-poll GET) against a
// server and prints every exchange as JSON lines on stdout. Used to compare Wildfire SFU with
// Debian's Janus 1.1.2 (see compare-with-janus.mjs). No dependencies: Node's fetch only.
//
// Usage: node janus-conversation.mjs http://127.0.0.1:8088/janus
// or import { runConversation } from './janus-conversation.mjs'.
import { pathToFileURL } from 'node:url';

export async function runConversation(base, { log = false } = {}) {
let txn = 0;
const steps = [];
const nextTxn = () => `t${++txn}`;

async function post(path, body, raw) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw !== undefined ? raw : JSON.stringify(body),
  });
  return res.json();
}

// Events that long-polls brought back but no step consumed yet, per session.
const pending = new Map();

async function waitEvent(session, predicate, what) {
  const deadline = Date.now() + 10000;
  const queue = pending.get(session) ?? [];
  pending.set(session, queue);
  for (;;) {
    const idx = queue.findIndex(predicate);
    if (idx >= 0) return queue.splice(idx, 1)[0];
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} on session ${session}`);
    const res = await fetch(`${base}/${session}?maxev=5&rid=${Date.now()}`);
    const body = await res.json();
    for (const ev of Array.isArray(body) ? body : [body]) {
      if (ev.janus !== 'keepalive') queue.push(ev);
    }
  }
}

function record(step, request, response) {
  steps.push({ step, request, response });
  if (log) process.stdout.write(JSON.stringify({ step, request, response }) + '\n');
}

async function req(step, path, body) {
  const request = { ...body, transaction: body.transaction === null ? undefined : (body.transaction ?? nextTxn()) };
  const response = await post(path, request);
  record(step, request, response);
  return { request, response };
}

// Sends a plugin message; for async requests also waits for the event with that transaction.
async function msg(step, session, handle, body, jsep) {
  const r = await req(step, `/${session}/${handle}`, { janus: 'message', body, ...(jsep ? { jsep } : {}) });
  if (r.response.janus === 'ack') {
    const ev = await waitEvent(session, e => e.transaction === r.request.transaction, step);
    record(step + ' (event)', r.request, ev);
    return ev;
  }
  return r.response;
}

async function notification(step, session, predicate) {
  const ev = await waitEvent(session, predicate, step);
  record(step, null, ev);
  return ev;
}

const room = `alice|${Math.floor(Math.random() * 1e9)}`;
const pd = e => e?.plugindata?.data ?? {};

{
  await req('info', '', { janus: 'info' });
  await req('ping', '', { janus: 'ping' });
  // Core errors at the root.
  record('invalid json', 'not json', await post('', null, '{"janus": "create",'));
  record('json array', '[]', await post('', null, '[1,2]'));
  await req('missing janus', '', {});
  await req('unknown verb', '', { janus: 'frobnicate' });
  await req('missing transaction', '', { janus: 'create', transaction: null });
  await req('attach at root', '', { janus: 'attach', plugin: 'janus.plugin.videoroom' });

  const { response: c1 } = await req('create', '', { janus: 'create' });
  const s1 = c1.data.id;
  await req('create conflict', '', { janus: 'create', id: s1 });
  await req('keepalive', `/${s1}`, { janus: 'keepalive' });
  await req('keepalive unknown session', `/1234567`, { janus: 'keepalive' });
  await req('attach unknown plugin', `/${s1}`, { janus: 'attach', plugin: 'janus.plugin.nope' });
  await req('attach missing plugin', `/${s1}`, { janus: 'attach' });
  const { response: a1 } = await req('attach', `/${s1}`, { janus: 'attach', plugin: 'janus.plugin.videoroom', opaque_id: 'pub-a' });
  const h1 = a1.data.id;
  await req('message without body', `/${s1}/${h1}`, { janus: 'message' });
  await req('message unknown handle', `/${s1}/7654321`, { janus: 'message', body: { request: 'list' } });
  await req('trickle without candidate', `/${s1}/${h1}`, { janus: 'trickle' });
  await req('trickle completed', `/${s1}/${h1}`, { janus: 'trickle', candidate: { completed: true } });
  await req('jsep bad type', `/${s1}/${h1}`, { janus: 'message', body: { request: 'list' }, jsep: { type: 'pranswer', sdp: 'v=0' } });

  // VideoRoom room management (synchronous requests).
  await msg('vr no request', s1, h1, {});
  await msg('vr unknown request', s1, h1, { request: 'dance' });
  await msg('vr create', s1, h1, { request: 'create', room, description: 'Interop', publishers: 6, notify_joining: true, secret: 's3cret', pin: 'p1n' });
  await msg('vr create exists', s1, h1, { request: 'create', room, publishers: 6 });
  await msg('vr create integer room', s1, h1, { request: 'create', room: 4242 });
  await msg('vr exists', s1, h1, { request: 'exists', room });
  await msg('vr exists no room', s1, h1, { request: 'exists' });
  await msg('vr list', s1, h1, { request: 'list' });
  await msg('vr edit wrong secret', s1, h1, { request: 'edit', room, secret: 'nope', new_description: 'x' });
  await msg('vr edit', s1, h1, { request: 'edit', room, secret: 's3cret', new_description: 'Interop 2' });

  // Publisher A joins.
  await msg('vr join wrong pin', s1, h1, { request: 'join', ptype: 'publisher', room, id: 'alice', pin: 'bad' });
  await msg('vr join no such room', s1, h1, { request: 'join', ptype: 'publisher', room: 'nope|1', id: 'alice' });
  await msg('vr join bad ptype', s1, h1, { request: 'join', ptype: 'viewer', room, pin: 'p1n' });
  await msg('vr join A', s1, h1, { request: 'join', ptype: 'publisher', room, id: 'alice', display: 'Alice', pin: 'p1n' });
  await msg('vr join A again', s1, h1, { request: 'join', ptype: 'publisher', room, id: 'alice', pin: 'p1n' });

  // Publisher B joins from a second session; A is told.
  const { response: c2 } = await req('create 2', '', { janus: 'create' });
  const s2 = c2.data.id;
  const { response: a2 } = await req('attach 2', `/${s2}`, { janus: 'attach', plugin: 'janus.plugin.videoroom' });
  const h2 = a2.data.id;
  await msg('vr configure before join', s2, h2, { request: 'configure', audio: true });
  await msg('vr join B duplicate id', s2, h2, { request: 'join', ptype: 'publisher', room, id: 'alice', pin: 'p1n' });
  await msg('vr join B', s2, h2, { request: 'join', ptype: 'publisher', room, id: 'bob', display: 'Bob', pin: 'p1n' });
  await notification('A sees joining', s1, e => pd(e).joining);
  await msg('vr listparticipants', s1, h1, { request: 'listparticipants', room });
  await msg('vr unpublish not published', s2, h2, { request: 'unpublish' });

  // A subscriber cannot subscribe to feeds that publish nothing.
  const { response: a3 } = await req('attach 3', `/${s2}`, { janus: 'attach', plugin: 'janus.plugin.videoroom' });
  const h3 = a3.data.id;
  await msg('vr subscribe no such feed', s2, h3, { request: 'join', ptype: 'subscriber', room, streams: [{ feed: 'alice' }], pin: 'p1n' });
  await msg('vr subscribe legacy no such feed', s2, h3, { request: 'join', ptype: 'subscriber', room, feed: 'carol', pin: 'p1n' });
  await req('detach 3', `/${s2}/${h3}`, { janus: 'detach' });

  await msg('vr kick wrong secret', s1, h1, { request: 'kick', room, id: 'bob', secret: 'nope' });
  await msg('vr leave B', s2, h2, { request: 'leave' });
  await notification('A sees leaving', s1, e => pd(e).leaving !== undefined);
  await msg('vr destroy wrong secret', s1, h1, { request: 'destroy', room, secret: 'nope' });
  await msg('vr destroy', s1, h1, { request: 'destroy', room, secret: 's3cret' });
  await notification('A sees destroyed', s1, e => pd(e).videoroom === 'destroyed');
  await msg('vr exists after destroy', s1, h1, { request: 'exists', room });

  await req('hangup', `/${s1}/${h1}`, { janus: 'hangup' });
  await req('detach', `/${s1}/${h1}`, { janus: 'detach' });
  await req('detach again', `/${s1}/${h1}`, { janus: 'detach' });
  await req('destroy', `/${s1}`, { janus: 'destroy' });
  await req('destroy again', `/${s1}`, { janus: 'destroy' });
  await req('destroy 2', `/${s2}`, { janus: 'destroy' });
}
return steps;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const base = process.argv[2];
  if (!base) {
    console.error('usage: node janus-conversation.mjs <base url, e.g. http://127.0.0.1:8088/janus>');
    process.exit(2);
  }
  try {
    await runConversation(base, { log: true });
  } catch (e) {
    console.error('conversation failed:', e.message);
    process.exit(1);
  }
}
