// An A/V sync test signal made in the page: a canvas video that turns white and a WebAudio tone that
// starts at the same moment, repeated every `periodMs`. Recordings of it are measured by
// av-sync.mjs (flash onsets from per-frame luma, beep onsets from the audio envelope), so the
// offset between the two is what the recording/post-processing chain added.
//
// Both are scheduled on one grid. Video frames are drawn at t0 + n / fps (performance.now() time;
// each timer aims at its frame's absolute time, so lateness does not accumulate) and pushed into the
// track at once (captureStream(0) + requestFrame(): captured now, not at the next tick of a
// fixed-rate capture). A flash is a run of white frames starting at a frame time T_k = t0 + k * periodMs
// (periodMs is a whole number of frames), so no frame comes early or between two regular ones: an
// extra frame 3 ms after a regular one was sometimes dropped by Chromium's capture, making the flash
// a frame late. The tone's gain is scheduled on the AudioContext clock at the context time whose
// sample is output at T_k, from getOutputTimestamp() (which accounts for baseLatency + outputLatency,
// about 40 ms in headless Chromium; starting the tone "now" in the same task as the flash puts the
// beep that much late in Chromium's own MediaRecorder). recordLocally() measures what remains, with
// no server in the path.

/**
 * Starts the signal. Returns { stream, audioTrack, videoTrack, flashes, stop }; `flashes` collects
 * the performance.now() of every flash start (for debugging).
 */
export async function startFlashBeep({ periodMs = 2000, flashMs = 200, fps = 30, width = 320, height = 240,
  toneHz = 1000 } = {}) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  const videoStream = canvas.captureStream(0);
  const videoTrack = videoStream.getVideoTracks()[0];

  const ctx = new AudioContext({ sampleRate: 48000 });
  await ctx.resume();
  const osc = ctx.createOscillator();
  osc.frequency.value = toneHz;
  const gain = ctx.createGain();
  gain.gain.value = 0;
  const dest = ctx.createMediaStreamDestination();
  osc.connect(gain).connect(dest);
  osc.start();
  const audioTrack = dest.stream.getAudioTracks()[0];

  const frameMs = 1000 / fps;
  const framesPerPeriod = Math.round(periodMs / frameMs);
  const flashFrames = Math.max(1, Math.round(flashMs / frameMs));
  const t0 = performance.now() + 500;
  const flashes = [];
  let stopped = false;
  function draw(n, white) {
    g.fillStyle = white ? '#fff' : '#000';
    g.fillRect(0, 0, width, height);
    // A small moving mark keeps the encoder producing real frames between flashes.
    g.fillStyle = white ? '#000' : '#333';
    g.fillRect((n * 4) % (width - 8), height - 8, 8, 8);
    videoTrack.requestFrame();
  }
  // Context time whose sample is output at performance time `perfMs`.
  function contextTimeAt(perfMs) {
    const ts = ctx.getOutputTimestamp();
    return ts.contextTime + (perfMs - ts.performanceTime) / 1000;
  }
  function at(perfMs, fn) {
    setTimeout(fn, Math.max(0, perfMs - performance.now()));
  }
  // The first period is black: flashes start at k = 1, once the AudioContext's output timestamps are
  // settled (right after resume() they can be zero, which put the first tone half a second late).
  function frame(n) {
    if (stopped) return;
    const k = Math.floor(n / framesPerPeriod);
    const inPeriod = n - k * framesPerPeriod;
    if (k > 0 && inPeriod === 0) flashes.push(performance.now());
    draw(n, k > 0 && inPeriod < flashFrames);
    // Schedule the next flash's tone half a period ahead.
    if (inPeriod === Math.floor(framesPerPeriod / 2)) scheduleTone(k + 1);
    at(t0 + (n + 1) * frameMs, () => frame(n + 1));
  }
  function scheduleTone(k) {
    const start = t0 + k * framesPerPeriod * frameMs;
    const end = start + flashFrames * frameMs;
    gain.gain.setValueAtTime(1, Math.max(ctx.currentTime, contextTimeAt(start)));
    gain.gain.setValueAtTime(0, Math.max(ctx.currentTime, contextTimeAt(end)));
  }
  draw(-1, false);
  at(t0, () => frame(0));

  return {
    stream: new MediaStream([audioTrack, videoTrack]),
    audioTrack,
    videoTrack,
    flashes,
    stop() {
      stopped = true;
      osc.stop();
      ctx.close();
      videoTrack.stop();
    },
  };
}

/**
 * Records the signal in the page with MediaRecorder for `ms` (WebM, Opus + VP8) and returns it as
 * base64: the control measurement, with no network and no server in the path.
 */
export async function recordLocally(ms, options) {
  const signal = await startFlashBeep(options);
  const rec = new MediaRecorder(signal.stream, { mimeType: 'video/webm;codecs=vp8,opus' });
  const chunks = [];
  rec.ondataavailable = e => { if (e.data.size > 0) chunks.push(e.data); };
  const done = new Promise(resolve => { rec.onstop = resolve; });
  rec.start(500);
  await new Promise(r => setTimeout(r, ms));
  rec.stop();
  await done;
  signal.stop();
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function promisify(fn) {
  return new Promise((resolve, reject) => fn(resolve, reject));
}

/**
 * Joins `room` on a Janus-API server (Janus, or Wildfire SFU) as publisher `id` through janus.js and
 * publishes the flash/beep signal. Returns { janus, handle, signal }; leave with leaveFlashBeep().
 */
export async function publishFlashBeep(Janus, { server, room, id, options }) {
  const signal = await startFlashBeep(options);
  await new Promise(resolve => Janus.init({ debug: false, callback: resolve }));
  const janus = await new Promise((resolve, reject) => {
    const j = new Janus({ server, success: () => resolve(j), error: e => reject(new Error(String(e))) });
  });
  let onmessage = () => {};
  const handle = await new Promise((resolve, reject) => janus.attach({
    plugin: 'janus.plugin.videoroom',
    opaqueId: 'flash-beep-' + id,
    success: resolve,
    error: reject,
    onmessage: (msg, jsep) => onmessage(msg, jsep),
    onlocaltrack: () => {},
    onremotetrack: () => {},
  }));
  const next = predicate => new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout waiting for a videoroom message')), 15000);
    onmessage = (msg, jsep) => {
      if (msg.error_code) { clearTimeout(t); reject(new Error(`videoroom error ${msg.error_code}: ${msg.error}`)); }
      else if (predicate(msg, jsep)) { clearTimeout(t); resolve({ msg, jsep }); }
    };
  });
  const joined = next(m => m.videoroom === 'joined');
  handle.send({ message: { request: 'join', ptype: 'publisher', room, id, display: id } });
  await joined;
  const offer = await promisify((ok, ko) => handle.createOffer({
    tracks: [
      { type: 'audio', capture: signal.audioTrack, recv: false },
      { type: 'video', capture: signal.videoTrack, recv: false },
    ],
    success: ok,
    error: ko,
  }));
  const configured = next((m, jsep) => !!jsep);
  handle.send({ message: { request: 'configure', audio: true, video: true }, jsep: offer });
  const { jsep } = await configured;
  await promisify((ok, ko) => handle.handleRemoteJsep({ jsep, success: ok, error: ko }));
  return { janus, handle, signal };
}

/** Leaves the room (the server closes its recorders) and stops the signal. */
export async function leaveFlashBeep(published) {
  await new Promise(resolve => published.handle.send({ message: { request: 'leave' }, success: resolve, error: resolve }));
  published.signal.stop();
}

/** Frames the publisher PeerConnection has encoded so far (video), to wait until media flows. */
export async function framesEncoded(published) {
  const pc = published.handle.webrtcStuff?.pc;
  if (!pc) return 0;
  let n = 0;
  (await pc.getStats()).forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video') n = s.framesEncoded ?? 0; });
  return n;
}
