// Simulcast through janus.js: a publisher sends its camera with janus.js `simulcast: true` (VP8,
// three rid encodings h/m/l at full, half and quarter resolution, L1T2); a subscriber receives the
// one video m-line, changes its substream and temporal layer with VideoRoom `configure`, and
// records the `substream`/`temporal` events the server sends when a switch is done.
// Exposes the calls, the subscriber's inbound-rtp stats and the publisher's outbound-rtp per rid.

import { attach, promisify, request, session } from '/janus-page.js';

// The substream/temporal events the server sends when a switch is done, kept on the handle's state.
function recordLayerEvents(state, msg) {
  if (msg.substream !== undefined || msg.temporal !== undefined) {
    (state.layerEvents ||= []).push({ at: Date.now(), mid: msg.mid, substream: msg.substream, temporal: msg.temporal });
  }
}

/**
 * Creates the room with `bitrate` (the REMB cap the server sends: Chrome enables as many encodings
 * as its estimate allows), joins as `id` and publishes a `width`x`height` camera with janus.js
 * simulcast; returns the published streams and the capture settings.
 */
export async function publish(Janus, { server, room, id, bitrate, width, height, frameRate }) {
  const janus = await session(Janus, server);
  const pub = await attach(janus, 'pub-' + id);
  await promisify((ok, ko) => pub.handle.send({
    message: { request: 'create', room, publishers: 2, bitrate, videocodec: 'vp8' },
    success: r => (r.videoroom === 'created' ? ok(r) : ko(new Error(JSON.stringify(r)))), error: ko,
  }));
  await request(pub, { request: 'join', ptype: 'publisher', room, id }, m => m.videoroom === 'joined');
  const media = await navigator.mediaDevices.getUserMedia({ audio: false,
    video: { width: { exact: width }, height: { exact: height }, frameRate } });
  const camera = media.getVideoTracks()[0];
  // Keep each encoding at its resolution under CPU pressure (a loaded CI machine): drop frames instead.
  camera.contentHint = 'detail';
  const offer = await promisify((ok, ko) => pub.handle.createOffer({
    tracks: [{ type: 'video', capture: camera, simulcast: true, recv: false }], success: ok, error: ko }));
  const { msg, jsep } = await request(pub, { request: 'configure', video: true }, (m, j) => !!j, offer);
  await promisify((ok, ko) => pub.handle.handleRemoteJsep({ jsep, success: ok, error: ko }));
  window.publisher = { janus, pub };
  return { streams: msg.streams, capture: camera.getSettings(), offerHasSimulcast: /a=simulcast:send/.test(offer.sdp) };
}

/** Outbound RTP stats of the publisher per rid: frame size, frames encoded, bytes. */
export async function outbound() {
  const pc = window.publisher?.pub?.handle?.webrtcStuff?.pc;
  if (!pc) return [];
  const stats = await pc.getStats();
  const out = [];
  stats.forEach(s => {
    if (s.type === 'outbound-rtp' && s.kind === 'video') {
      out.push({ rid: s.rid, ssrc: s.ssrc, frameWidth: s.frameWidth, frameHeight: s.frameHeight,
        framesEncoded: s.framesEncoded, bytesSent: s.bytesSent, active: s.active,
        qualityLimitationReason: s.qualityLimitationReason, scalabilityMode: s.scalabilityMode });
    }
  });
  return out.sort((a, b) => String(a.rid).localeCompare(String(b.rid)));
}

/** Subscribes to `feed`'s video `mid`; returns the subscription's streams. */
export async function subscribe(Janus, { server, room, feed, mid }) {
  const janus = await session(Janus, server);
  const sub = await attach(janus, 'sub-' + feed, recordLayerEvents);
  for (let tries = 0; ; tries++) {
    const r = await promisify((ok, ko) => sub.handle.send({ message: { request: 'listparticipants', room },
      success: ok, error: ko }));
    if ((r.participants || []).some(p => p.id === feed && p.publisher)) {
      window.listedStreams = r.participants.find(p => p.id === feed).streams;
      break;
    }
    if (tries > 150) throw new Error('feed never published: ' + feed);
    await new Promise(res => setTimeout(res, 100));
  }
  const { msg, jsep } = await request(sub, { request: 'join', ptype: 'subscriber', room, streams: [{ feed, mid }] },
    (m, j) => m.videoroom === 'attached' && !!j, undefined, 30000);
  const answer = await promisify((ok, ko) => sub.handle.createAnswer({ jsep, tracks: [], success: ok, error: ko }));
  await request(sub, { request: 'start', room }, m => m.started === 'ok', answer);
  window.subscriber = { janus, sub };
  return { streams: msg.streams, listed: window.listedStreams };
}

/** VideoRoom subscriber `configure` of one m-line's simulcast targets (`substream` and/or `temporal`). */
export async function configure(Janus, { mid, substream, temporal }) {
  const stream = { mid };
  if (substream !== undefined) stream.substream = substream;
  if (temporal !== undefined) stream.temporal = temporal;
  const { msg } = await request(window.subscriber.sub, { request: 'configure', streams: [stream] },
    m => m.configured === 'ok');
  return msg;
}

/** The `substream`/`temporal` events received so far. */
export function layerEvents() {
  return window.subscriber?.sub?.layerEvents || [];
}

/** Inbound RTP video stats of the subscriber's PeerConnection. */
export async function inbound() {
  const pc = window.subscriber?.sub?.handle?.webrtcStuff?.pc;
  if (!pc) return {};
  const stats = await pc.getStats();
  let video = {};
  stats.forEach(s => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      video = { packetsReceived: s.packetsReceived, framesDecoded: s.framesDecoded, frameWidth: s.frameWidth,
        frameHeight: s.frameHeight, keyFramesDecoded: s.keyFramesDecoded, freezeCount: s.freezeCount,
        pliCount: s.pliCount, packetsLost: s.packetsLost };
    }
  });
  return video;
}
