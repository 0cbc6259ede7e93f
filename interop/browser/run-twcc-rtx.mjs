// Browser check of transport-wide congestion control and RTX (issue #3): one headless Chromium page
// creates a room with a `bitrate` cap and publishes audio and its fake camera (640x480); a second
// page subscribes to both. Measured: the publisher's bandwidth estimate (the selected candidate
// pair's availableOutgoingBitrate, sampled every 250 ms from its answer on) and its video send
// rate, which must ramp up to the room's cap with our transport-cc feedback; and, with the server's
// TEST-ONLY loss hook on (WILDFIRE_SFU_TEST_DROP_TO_SUBSCRIBER), the subscriber's video: frames
// decoded, freezes, NACKs, and retransmissions received (inbound-rtp retransmittedPacketsReceived,
// which Chromium counts for packets that arrive on the RTX stream), over `seconds` from its first
// decoded frame. Prints one JSON line; exits 1 unless video started decoding.
//
// Usage: node run-twcc-rtx.mjs <janus server url> [seconds=10] [bitrate cap, bits/s = 1000000] [transport-cc=on|off]
// (off creates the room with transport_wide_cc_ext = false: REMB and receiver reports only, for comparison).
// Run it inside `unshare -n` with the server (see run-in-netns.sh).
import { startPageServer, launchChromium } from './harness.mjs';

const [server, seconds = '10', cap = '1000000', transportCc = 'on'] = process.argv.slice(2);
if (!server) {
  console.error('usage: node run-twcc-rtx.mjs <server url> [seconds] [bitrate cap]');
  process.exit(2);
}
const web = await startPageServer({ '/': 'dual-stream.html', '/dual-stream.js': 'dual-stream.js' });
const browser = await launchChromium();
const room = `twcc|${Math.floor(Math.random() * 1e9)}`;
const report = { room, cap: Number(cap), transportCc };
const sleep = ms => new Promise(r => setTimeout(r, ms));
let ok = false;
let sampling = false;
let sampler = Promise.resolve();
try {
  const open = async () => {
    const page = await browser.newPage();
    page.on('console', m => { if (m.type() === 'error') console.error(m.text()); });
    await page.goto(web.url);
    await page.waitForFunction(() => window.pageReady === true);
    return page;
  };
  const pubPage = await open();
  const published = await pubPage.evaluate(o => window.dual.publish(o),
    { server, room, id: 'cam', small: false, bitrate: Number(cap), transportCc: transportCc !== 'off' });
  const mids = published.streams.filter(s => !s.disabled).map(s => s.mid);
  // The publisher's estimate and video send rate from the answer on, every 250 ms, while the rest goes on.
  const publishedAt = Date.now();
  const sender = async () => pubPage.evaluate(() => window.dual.outbound());
  const videoBytes = s => (s.streams || []).filter(x => x.kind === 'video').reduce((a, x) => a + (x.bytesSent || 0), 0);
  const samples = [];
  sampling = true;
  sampler = (async () => {
    let previous = await sender();
    let previousAt = Date.now();
    while (sampling) {
      await sleep(250);
      const now = await sender();
      const at = Date.now();
      samples.push({ t: at - publishedAt, estimate: now.availableOutgoingBitrate ?? null,
        videoBps: Math.round((videoBytes(now) - videoBytes(previous)) * 8000 / (at - previousAt)) });
      previous = now;
      previousAt = at;
    }
  })().catch(e => { report.samplerError = e.message; });
  const subPage = await open();
  await subPage.evaluate(o => window.dual.subscribe(o), { server, room, feed: 'cam', mids });
  const video = async () => (await subPage.evaluate(() => window.dual.inbound())).find(s => s.kind === 'video') || {};

  // The subscriber's window starts once its video decodes.
  const setup = Date.now();
  let start = await video();
  while (!(start.framesDecoded > 0) && Date.now() - setup < 10000) {
    await sleep(100);
    start = await video();
  }
  if (!(start.framesDecoded > 0)) throw new Error('no video frame decoded within 10 s');
  const windowMs = Number(seconds) * 1000;
  await sleep(windowMs * 2 / 3);
  const twoThirds = await video();
  await sleep(windowMs / 3);
  sampling = false;
  await sampler;
  const end = await video();
  const d = k => (end[k] ?? 0) - (start[k] ?? 0);
  const capNumber = Number(cap);
  const reached = samples.find(s => s.estimate !== null && s.estimate >= 0.9 * capNumber);
  const estimates = samples.map(s => s.estimate).filter(x => x !== null);
  // The send rate over the last second of the window (four samples): what the encoder settled at.
  const lastSecond = samples.slice(-4).map(s => s.videoBps);
  // After the first two seconds (start-up probing), where the estimate sat: the median of the samples.
  const settled = samples.filter(s => s.t >= 2000 && s.estimate !== null).map(s => s.estimate).sort((a, b) => a - b);
  report.publisher = {
    medianEstimateAfter2s: settled.length ? settled[Math.floor(settled.length / 2)] : null,
    maxEstimate: estimates.length ? Math.max(...estimates) : null,
    lastEstimate: estimates.length ? estimates[estimates.length - 1] : null,
    msToNinetyPercentOfCap: reached ? reached.t : null,
    videoBpsLastSecond: lastSecond.length ? Math.round(lastSecond.reduce((a, x) => a + x, 0) / lastSecond.length) : null,
    samples: samples.filter((_, i) => i % 4 === 3).map(s => [s.t, s.estimate, s.videoBps]),
  };
  report.video = {
    framesDecoded: d('framesDecoded'), framesDecodedLastThird: end.framesDecoded - twoThirds.framesDecoded,
    freezeCount: d('freezeCount'), totalFreezesDurationMs: Math.round(d('totalFreezesDuration') * 1000),
    nackCount: d('nackCount'), packetsLost: d('packetsLost'), packetsReceived: d('packetsReceived'),
    retransmittedPacketsReceived: end.retransmittedPacketsReceived ?? null,
    retransmittedBytesReceived: end.retransmittedBytesReceived ?? null, frameWidth: end.frameWidth,
  };
  report.keptDecoding = report.video.framesDecodedLastThird > 0;
  ok = report.video.framesDecoded > 0;
  // Hang up the subscriber first so the server logs its counters while the publisher still sends.
  await subPage.evaluate(() => new Promise(r => window.subscriber.janus.destroy({ success: r, error: r })));
  await sleep(500);
  await pubPage.evaluate(() => new Promise(r => window.publisher.janus.destroy({ success: r, error: r })));
  await sleep(300);
} catch (e) {
  report.error = e.message;
} finally {
  sampling = false;
  await sampler;
  await browser.close();
  web.close();
}
report.ok = ok;
console.log(JSON.stringify(report));
process.exit(ok ? 0 : 1);
