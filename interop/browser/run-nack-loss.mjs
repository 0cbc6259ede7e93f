// Browser check of loss recovery toward a subscriber (issue #3): one headless Chromium page publishes
// audio and its fake camera (640x480), a second page subscribes to both. The server must run with
// its TEST-ONLY loss hook (WILDFIRE_SFU_TEST_DROP_TO_SUBSCRIBER, e.g. 0.05) and NACK answers on or
// off (WILDFIRE_SFU_TEST_ANSWER_NACKS); this script only measures what the subscriber's video got
// over the window: frames decoded, freezes (count and total duration), NACKs and PLIs it sent, packets
// lost. Prints one JSON line; exits 1 unless video kept decoding through the last third of the window.
//
// Usage: node run-nack-loss.mjs <janus server url> [seconds=15] [label]
// Run it inside `unshare -n` with the server (see run-in-netns.sh).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(here, '..', 'node_modules');
const [server, seconds = '15', label = ''] = process.argv.slice(2);
if (!server) {
  console.error('usage: node run-nack-loss.mjs <server url> [seconds] [label]');
  process.exit(2);
}
const files = {
  '/': [path.join(here, 'dual-stream.html'), 'text/html'],
  '/dual-stream.js': [path.join(here, 'dual-stream.js'), 'text/javascript'],
  '/janus.es.js': [path.join(modules, 'janus-gateway/npm/dist/janus.es.js'), 'text/javascript'],
  '/adapter.js': [path.join(modules, 'janus-gateway/node_modules/webrtc-adapter/out/adapter.js'), 'text/javascript'],
};
const web = http.createServer(async (req, res) => {
  const f = files[req.url.split('?')[0]];
  if (!f) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': f[1] }).end(await readFile(f[0]));
});
await new Promise(r => web.listen(0, '127.0.0.1', r));
const pageUrl = `http://127.0.0.1:${web.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
    '--disable-features=WebRtcHideLocalIpsWithMdns'],
});
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
  ok = report.video.framesDecodedLastThird > 0;
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
