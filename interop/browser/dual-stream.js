// The Wildfire dual stream, driven through janus.js: a publisher sends audio, its camera at
// 640x480 and the same camera scaled to 160x120 on a second video m-line; a subscriber receives
// the audio and one video m-line, which the test switches between the two sources (VideoRoom
// `switch`, no renegotiation) and pauses/resumes (`configure` with `send`).
// Exposes the publisher's and subscriber's calls and the subscriber's inbound-rtp stats.

import { attach, promisify, request, session } from '/janus-page.js';

/**
 * Creates the room (with a `bitrate` cap when given, without transport-wide congestion control when
 * `transportCc` is false), joins as `id` and publishes audio + 640x480 + 160x120 (without the
 * 160x120 when `small` is false); returns the published streams.
 */
export async function publish(Janus, { server, room, id, small: withSmall = true, bitrate, transportCc = true }) {
  const janus = await session(Janus, server);
  const pub = await attach(janus, 'pub-' + id);
  const create = { request: 'create', room, publishers: 4 };
  if (bitrate) create.bitrate = bitrate;
  if (!transportCc) create.transport_wide_cc_ext = false;
  await promisify((ok, ko) => pub.handle.send({
    message: create,
    success: r => (r.videoroom === 'created' ? ok(r) : ko(new Error(JSON.stringify(r)))), error: ko,
  }));
  await request(pub, { request: 'join', ptype: 'publisher', room, id }, m => m.videoroom === 'joined');
  const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
  const big = media.getVideoTracks()[0];
  const small = big.clone();
  await small.applyConstraints({ width: 160, height: 120 });
  // Keep each layer at its resolution: under CPU or bandwidth pressure Chrome would rather drop frames.
  big.contentHint = 'detail';
  small.contentHint = 'detail';
  const tracks = [{ type: 'audio', capture: media.getAudioTracks()[0], recv: false },
    { type: 'video', capture: big, recv: false }];
  if (withSmall) tracks.push({ type: 'video', capture: small, recv: false });
  const offer = await promisify((ok, ko) => pub.handle.createOffer({ tracks, success: ok, error: ko }));
  const { msg, jsep } = await request(pub, { request: 'configure', audio: true, video: true },
    (m, j) => !!j, offer);
  await promisify((ok, ko) => pub.handle.handleRemoteJsep({ jsep, success: ok, error: ko }));
  window.publisher = { janus, pub };
  return { streams: msg.streams, smallSettings: small.getSettings(), bigSettings: big.getSettings() };
}

/** Subscribes to `feed`'s streams `mids`; returns the subscription's streams. */
export async function subscribe(Janus, { server, room, feed, mids }) {
  const janus = await session(Janus, server);
  const sub = await attach(janus, 'sub-' + feed);
  // A feed can be subscribed to once its PeerConnection is up (webrtcup), a little after the answer.
  for (let tries = 0; ; tries++) {
    const r = await promisify((ok, ko) => sub.handle.send({ message: { request: 'listparticipants', room },
      success: ok, error: ko }));
    if ((r.participants || []).some(p => p.id === feed && p.publisher)) break;
    if (tries > 150) throw new Error('feed never published: ' + feed);
    await new Promise(res => setTimeout(res, 100));
  }
  const { msg, jsep } = await request(sub, { request: 'join', ptype: 'subscriber', room,
    streams: mids.map(mid => ({ feed, mid })) }, (m, j) => m.videoroom === 'attached' && !!j, undefined, 30000);
  const answer = await promisify((ok, ko) => sub.handle.createAnswer({ jsep, tracks: [], success: ok, error: ko }));
  await request(sub, { request: 'start', room }, m => m.started === 'ok', answer);
  window.subscriber = { janus, sub };
  return msg.streams;
}

/** VideoRoom `switch` on the subscriber handle. */
export async function switchTo(Janus, { feed, mid, subMid }) {
  const { msg } = await request(window.subscriber.sub, { request: 'switch', streams: [{ feed, mid, sub_mid: subMid }] },
    m => m.switched === 'ok');
  return msg;
}

/** VideoRoom `configure` of one subscribed m-line's `send`. */
export async function setSend(Janus, { subMid, send }) {
  const { msg } = await request(window.subscriber.sub, { request: 'configure', streams: [{ mid: subMid, send }] },
    m => m.configured === 'ok');
  return msg;
}

/** Inbound RTP stats of the subscriber's PeerConnection. */
export async function inbound() {
  const pc = window.subscriber?.sub?.handle?.webrtcStuff?.pc;
  if (!pc) return [];
  const stats = await pc.getStats();
  const out = [];
  stats.forEach(s => {
    if (s.type === 'inbound-rtp') {
      out.push({ kind: s.kind, mid: s.mid, packetsReceived: s.packetsReceived, framesDecoded: s.framesDecoded,
        frameWidth: s.frameWidth, frameHeight: s.frameHeight, keyFramesDecoded: s.keyFramesDecoded,
        freezeCount: s.freezeCount, totalFreezesDuration: s.totalFreezesDuration, nackCount: s.nackCount,
        pliCount: s.pliCount, packetsLost: s.packetsLost, retransmittedPacketsReceived: s.retransmittedPacketsReceived,
        retransmittedBytesReceived: s.retransmittedBytesReceived });
    }
  });
  return out;
}

/**
 * The publisher's send side: the selected candidate pair's availableOutgoingBitrate (the
 * browser's bandwidth estimate) and each outbound-rtp's bytesSent and targetBitrate.
 */
export async function outbound() {
  const pc = window.publisher?.pub?.handle?.webrtcStuff?.pc;
  if (!pc) return {};
  const stats = await pc.getStats();
  const out = { streams: [] };
  let selectedPair;
  stats.forEach(s => {
    if (s.type === 'transport' && s.selectedCandidatePairId) selectedPair = s.selectedCandidatePairId;
  });
  stats.forEach(s => {
    if (s.type === 'candidate-pair' && (s.id === selectedPair || (!selectedPair && s.nominated))) {
      out.availableOutgoingBitrate = s.availableOutgoingBitrate;
    }
    if (s.type === 'outbound-rtp') {
      out.streams.push({ kind: s.kind, mid: s.mid, bytesSent: s.bytesSent, targetBitrate: s.targetBitrate,
        retransmittedPacketsSent: s.retransmittedPacketsSent, frameWidth: s.frameWidth });
    }
  });
  return out;
}
