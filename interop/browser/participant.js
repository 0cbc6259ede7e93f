// One VideoRoom participant driven through janus.js, the way a Janus web client does it:
// join as publisher and publish the fake camera and microphone, then subscribe to the other
// participants' feeds with ONE multistream subscription (one PeerConnection, many feeds).
// Exposes what the test reads: inbound-rtp stats per subscribed track.

function promisify(fn) {
  return new Promise((resolve, reject) => fn(resolve, reject));
}

function attach(janus, opaqueId, onmessage) {
  const state = { handle: null, remoteTracks: {}, onmessage };
  return new Promise((resolve, reject) => {
    janus.attach({
      plugin: 'janus.plugin.videoroom',
      opaqueId,
      success: h => { state.handle = h; resolve(state); },
      error: reject,
      onmessage: (msg, jsep) => state.onmessage(msg, jsep),
      onremotetrack: (track, mid, on) => { if (on) state.remoteTracks[mid] = track; else delete state.remoteTracks[mid]; },
      onlocaltrack: () => {},
    });
  });
}

function nextMessage(state, predicate, ms = 15000) {
  return new Promise((resolve, reject) => {
    const prev = state.onmessage;
    const t = setTimeout(() => { state.onmessage = prev; reject(new Error('timeout waiting for videoroom message')); }, ms);
    state.onmessage = (msg, jsep) => {
      if (msg.error_code) { clearTimeout(t); state.onmessage = prev; reject(new Error(`videoroom error ${msg.error_code}: ${msg.error}`)); return; }
      if (predicate(msg, jsep)) { clearTimeout(t); state.onmessage = prev; resolve({ msg, jsep }); return; }
      prev(msg, jsep);
    };
  });
}

export async function publishAndSubscribe(Janus, { server, room, id, subscribeTo = [], video = true, audio = true, createRoom = false }) {
  await new Promise(resolve => Janus.init({ debug: false, callback: resolve }));
  const janus = await new Promise((resolve, reject) => {
    const j = new Janus({ server, success: () => resolve(j), error: e => reject(new Error(String(e))) });
  });
  const pub = await attach(janus, 'pub-' + id, () => {});
  if (createRoom) {
    await promisify((ok, ko) => pub.handle.send({
      message: { request: 'create', room, publishers: 10, notify_joining: true },
      success: r => (r.videoroom === 'created' || r.error_code === 427) ? ok(r) : ko(new Error(JSON.stringify(r))),
      error: ko,
    }));
  }
  for (let attempt = 0; ; attempt++) {
    const joined = nextMessage(pub, m => m.videoroom === 'joined');
    pub.handle.send({ message: { request: 'join', ptype: 'publisher', room, id, display: id } });
    try {
      await joined;
      break;
    } catch (e) {
      // The pages start together: the participant that creates the room may not have done it yet.
      if (createRoom || attempt >= 50 || !String(e.message).includes('error 426')) throw e;
      await new Promise(r => setTimeout(r, 100));
    }
  }

  const tracks = [];
  if (audio) tracks.push({ type: 'audio', capture: true, recv: false });
  if (video) tracks.push({ type: 'video', capture: true, recv: false });
  const offer = await promisify((ok, ko) => pub.handle.createOffer({ tracks, success: ok, error: ko }));
  const configured = nextMessage(pub, (m, jsep) => !!jsep);
  pub.handle.send({ message: { request: 'configure', audio, video }, jsep: offer });
  const { jsep: answer } = await configured;
  await promisify((ok, ko) => pub.handle.handleRemoteJsep({ jsep: answer, success: ok, error: ko }));

  const result = { id, published: true, subscriptions: [] };
  if (subscribeTo.length > 0) {
    const sub = await attach(janus, 'sub-' + id, () => {});
    // Wait until every feed we want publishes (their `publishers` events may come later).
    const attached = nextMessage(sub, (m, jsep) => m.videoroom === 'attached' && !!jsep, 30000);
    const streams = subscribeTo.map(feed => ({ feed }));
    let tries = 0;
    for (;;) {
      const r = await promisify((ok, ko) => pub.handle.send({ message: { request: 'listparticipants', room }, success: ok, error: ko }));
      const publishing = new Set((r.participants || []).filter(p => p.publisher).map(p => p.id));
      if (subscribeTo.every(f => publishing.has(f))) break;
      if (++tries > 150) throw new Error('feeds never published: ' + subscribeTo.join(','));
      await new Promise(res => setTimeout(res, 100));
    }
    sub.handle.send({ message: { request: 'join', ptype: 'subscriber', room, streams } });
    const { jsep: subOffer } = await attached;
    const subAnswer = await promisify((ok, ko) => sub.handle.createAnswer({
      jsep: subOffer, tracks: [{ type: 'data' }], success: ok, error: ko,
    }));
    const started = nextMessage(sub, m => m.started === 'ok');
    sub.handle.send({ message: { request: 'start', room }, jsep: subAnswer });
    await started;
    result.subscriber = sub;
  }
  window.participant = { janus, pub, sub: result.subscriber };
  return { id, subscribed: subscribeTo };
}

// Inbound RTP stats of the subscriber PeerConnection, for the test to poll.
window.inboundStats = async () => {
  const pc = window.participant?.sub?.handle?.webrtcStuff?.pc;
  if (!pc) return [];
  const stats = await pc.getStats();
  const out = [];
  stats.forEach(s => {
    if (s.type === 'inbound-rtp') {
      out.push({ kind: s.kind, mid: s.mid, packetsReceived: s.packetsReceived, framesDecoded: s.framesDecoded,
        frameWidth: s.frameWidth, bytesReceived: s.bytesReceived, totalSamplesReceived: s.totalSamplesReceived });
    }
  });
  return out;
};
