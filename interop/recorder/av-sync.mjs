// Measures audio/video sync in a media file made from the flash-beep.js signal (a white flash and a
// tone that start at the same moment, every couple of seconds).
//
// Usage: node av-sync.mjs FILE            -> one JSON line on stdout, exit 0 (1 if nothing to pair)
//        (environment: FFMPEG=path of ffmpeg, TONE_HZ=the page's tone if not 1000)
//
// How (ffmpeg only, no other dependency):
// - video: per-frame mean luma (signalstats YAVG) with each frame's presentation time; a flash onset
//   is the first frame brighter than the midpoint between the darkest and brightest frames after a
//   darker one. Resolution: one frame interval (33 ms at 30 fps), by construction of the signal.
// - audio: decoded to 48 kHz mono PCM, placed on the file's timeline by `aresample=async=1:first_pts=0`
//   (silence before a late start, and in gaps), so sample n is at n/48000 s like the video times;
//   band-passed around the page's 1 kHz tone (Q 4: other sounds in a meeting, e.g. Chromium's fake
//   microphone beeping at 400 Hz, are 18 dB down; the filter's group delay at 1 kHz is about 1.3 ms);
//   the envelope is the RMS of 1 ms windows; a beep onset is the first window above a quarter of the
//   loudest window after at least 300 ms below it. Resolution: 1 ms.
// - both use the container's timeline as ffmpeg presents it (input start time subtracted, the same
//   for every stream), so the offsets are the A/V offsets a player shows.
// Each flash is paired with the nearest beep within half the flash period; offset = beep - flash
// (positive: the sound comes late). Reports every pair, the median and the largest |offset|.
import { spawn } from 'node:child_process';

const file = process.argv[2];
if (!file) {
  console.error('usage: node av-sync.mjs FILE');
  process.exit(2);
}
const ffmpeg = process.env.FFMPEG || 'ffmpeg';
// The tone of flash-beep.js (its `toneHz` option).
const toneHz = Number(process.env.TONE_HZ || 1000);

function run(args, { binary = false } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    p.stdout.on('data', d => out.push(d));
    p.stderr.on('data', d => { err += d; });
    p.on('error', reject);
    p.on('close', code => {
      if (code !== 0) reject(new Error(`ffmpeg ${args.join(' ')} failed (${code}): ${err.trim().split('\n').pop()}`));
      else resolve(binary ? Buffer.concat(out) : Buffer.concat(out).toString('utf8'));
    });
  });
}

async function videoFrames() {
  const text = await run(['-v', 'error', '-nostdin', '-i', file, '-map', '0:v:0', '-vf',
    'scale=64:48,signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG:file=-', '-f', 'null', '-']);
  const frames = [];
  let t = null;
  for (const line of text.split('\n')) {
    const m = /pts_time:([-0-9.e]+)/.exec(line);
    if (m) { t = Number(m[1]); continue; }
    const y = /lavfi\.signalstats\.YAVG=([0-9.]+)/.exec(line);
    if (y && t !== null) { frames.push({ t, y: Number(y[1]) }); t = null; }
  }
  return frames;
}

function flashOnsets(frames) {
  if (frames.length < 2) return [];
  const ys = frames.map(f => f.y);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  if (hi - lo < 40) return [];
  const mid = (lo + hi) / 2;
  const onsets = [];
  for (let i = 1; i < frames.length; i++) {
    if (frames[i].y > mid && frames[i - 1].y <= mid) onsets.push(frames[i].t);
  }
  return onsets;
}

async function beepOnsets() {
  const pcm = await run(['-v', 'error', '-nostdin', '-i', file, '-map', '0:a:0', '-af',
    `aresample=48000:async=1:first_pts=0,bandpass=f=${toneHz}:width_type=q:w=4`, '-ac', '1', '-f', 's16le', '-'],
  { binary: true });
  const window = 48;
  const n = Math.floor(pcm.length / 2 / window);
  const rms = new Float64Array(n);
  for (let w = 0; w < n; w++) {
    let sum = 0;
    for (let i = 0; i < window; i++) {
      const s = pcm.readInt16LE(2 * (w * window + i)) / 32768;
      sum += s * s;
    }
    rms[w] = Math.sqrt(sum / window);
  }
  let max = 0;
  for (const v of rms) max = Math.max(max, v);
  if (max < 0.01) return { onsets: [], seconds: n / 1000 };
  const threshold = max / 4;
  const onsets = [];
  let quiet = 300;
  for (let w = 0; w < n; w++) {
    if (rms[w] > threshold) {
      if (quiet >= 300) onsets.push(w / 1000);
      quiet = 0;
    } else {
      quiet++;
    }
  }
  return { onsets, seconds: n / 1000 };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const frames = await videoFrames();
const flashes = flashOnsets(frames);
const { onsets: beeps, seconds: audioSeconds } = await beepOnsets();
const period = flashes.length > 1 ? median(flashes.slice(1).map((t, i) => t - flashes[i])) : 2;
const pairs = [];
for (const flash of flashes) {
  let best = null;
  for (const beep of beeps) {
    if (Math.abs(beep - flash) <= period / 2 && (best === null || Math.abs(beep - flash) < Math.abs(best - flash))) {
      best = beep;
    }
  }
  if (best !== null) pairs.push({ flash: +flash.toFixed(4), beep: +best.toFixed(4), offsetMs: +((best - flash) * 1000).toFixed(1) });
}
const offsets = pairs.map(p => p.offsetMs);
const report = {
  file,
  videoFrames: frames.length,
  audioSeconds,
  periodSeconds: period,
  flashes: flashes.length,
  beeps: beeps.length,
  pairs,
  medianOffsetMs: median(offsets),
  maxAbsOffsetMs: offsets.length ? Math.max(...offsets.map(Math.abs)) : null,
};
console.log(JSON.stringify(report));
process.exit(pairs.length > 0 ? 0 : 1);
