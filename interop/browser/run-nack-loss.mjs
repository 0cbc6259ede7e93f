// Browser check of loss recovery toward a subscriber (issue #3): one headless Chromium page publishes
// audio and its fake camera (640x480), a second page subscribes to both. The server must run with
// its TEST-ONLY loss hook (WILDFIRE_SFU_TEST_DROP_TO_SUBSCRIBER, e.g. 0.05) and NACK answers on or
// off (WILDFIRE_SFU_TEST_ANSWER_NACKS); this script only measures what the subscriber's video got
// over the window: frames decoded, freezes (count and total duration), NACKs and PLIs it sent, packets
// lost. Prints one JSON line; exits 1 unless video kept decoding through the last third of the window.
//
// Usage: node run-nack-loss.mjs <janus server url> [seconds=15] [label]
// Run it inside `unshare -n` with the server (see run-in-netns.sh).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startPageServer, launchChromium } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [server, seconds = '15', label = ''] = process.argv.slice(2);
if (!server) {
  console.error('usage: node run-nack-loss.mjs <server url> [seconds] [label]');
  process.exit(2);
}
const web = await startPageServer({ '/': 'dual-stream.html', '/dual-stream.js': 'dual-stream.js' });
const pageUrl = web.url;
const browser = await launchChromium();
const room = `loss|${Math.floor(Math.random() * 1e9)}`;
const report = { room, label };
const sleep = ms => new Promise(r => setTimeout(r, ms));
let ok = false;
try {
  const open = async () => {
    const page = await browser.newPage();
    page.on('console', m => { if (m.type() === 'error') console.error(m.text()); });
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.pageReady === true);
    return page;
  };
  const pubPage = await open();
  const published = await pubPage.evaluate(o => window.dual.publish(o), { server, room, id: 'cam', small: false });
  const mids = published.streams.filter(s => !s.disabled).map(s => s.mid);
  const subPage = await open();
  await subPage.evaluate(o => window.dual.subscribe(o), { server, room, feed: 'cam', mids });
  const video = async () => (await subPage.evaluate(() => window.dual.inbound())).find(s => s.kind === 'video') || {};

  // The window starts once video decodes, so both runs measure the same thing.
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
  const end = await video();
  const d = k => (end[k] ?? 0) - (start[k] ?? 0);
  report.video = {
    seconds: Number(seconds), framesDecoded: d('framesDecoded'), framesDecodedLastThird: end.framesDecoded - twoThirds.framesDecoded,
    freezeCount: d('freezeCount'), totalFreezesDurationMs: Math.round(d('totalFreezesDuration') * 1000),
    nackCount: d('nackCount'), pliCount: d('pliCount'), packetsLost: d('packetsLost'), packetsReceived: d('packetsReceived'),
    keyFramesDecoded: d('keyFramesDecoded'), frameWidth: end.frameWidth,
  };
  // The run itself only has to get video going; whether decoding lasted to the end is reported
  // (keptDecoding) and judged by the caller: without retransmission a lost keyframe packet can
  // freeze the picture for good, which is the point of the comparison.
  report.keptDecoding = report.video.framesDecodedLastThird > 0;
  ok = report.video.framesDecoded > 0;
  // Hang the subscriber up first (destroying its session) so the server logs its counters while
  // the publisher is still there to feed its streams.
  await subPage.evaluate(() => new Promise(r => window.subscriber.janus.destroy({ success: r, error: r })));
  await sleep(500);
} catch (e) {
  report.error = e.message;
} finally {
  await browser.close();
  web.close();
}
report.ok = ok;
console.log(JSON.stringify(report));
process.exit(ok ? 0 : 1);
