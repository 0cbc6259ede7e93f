// The small janus.js helpers the single-purpose test pages share (dual-stream.js, simulcast.js):
// a session with keepalives, a VideoRoom handle whose pushed events resolve waiting requests, and
// request/answer matching. Served by harness.mjs as /janus-page.js.

export function promisify(fn) {
  return new Promise((resolve, reject) => fn(resolve, reject));
}

export async function session(Janus, server) {
  await new Promise(resolve => Janus.init({ debug: false, callback: resolve }));
  return new Promise((resolve, reject) => {
    const j = new Janus({
      server,
      success: () => {
        // Keepalives every 2 s: the test server's session_timeout is short (6 s), and over HTTP
        // janus.js only long-polls, which does not keep a session alive while no event comes.
        setInterval(() => fetch(`${server}/${j.getSessionId()}`, { method: 'POST', body: JSON.stringify({
          janus: 'keepalive', transaction: Math.random().toString(36).slice(2) }) }).catch(() => {}), 2000);
        resolve(j);
      },
      error: e => reject(new Error(String(e))),
    });
  });
}

export function attach(janus, opaqueId, onEvent = () => {}) {
  const state = { handle: null, waiters: [] };
  return new Promise((resolve, reject) => {
    janus.attach({
      plugin: 'janus.plugin.videoroom',
      opaqueId,
      success: h => { state.handle = h; resolve(state); },
      error: reject,
      onmessage: (msg, jsep) => {
        onEvent(state, msg);
        for (const w of [...state.waiters]) {
          if (msg.error_code) { w.reject(new Error(`videoroom error ${msg.error_code}: ${msg.error}`)); continue; }
          if (w.predicate(msg, jsep)) w.resolve({ msg, jsep });
        }
      },
      onlocaltrack: () => {},
      onremotetrack: () => {},
    });
  });
}

// Sends a message and resolves with the first pushed event that matches.
export function request(state, message, predicate, jsep, ms = 15000) {
  return new Promise((resolve, reject) => {
    const w = { predicate };
    const done = () => { clearTimeout(t); state.waiters = state.waiters.filter(x => x !== w); };
    const t = setTimeout(() => { done(); reject(new Error('timeout waiting for the answer to ' + message.request)); }, ms);
    w.resolve = v => { done(); resolve(v); };
    w.reject = e => { done(); reject(e); };
    state.waiters.push(w);
    state.handle.send({ message, jsep, error: e => w.reject(new Error(String(e))) });
  });
}
