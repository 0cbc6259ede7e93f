// Browser check of keyframe recovery for a late joiner: one headless Chromium page publishes its
// fake camera and microphone into a new VideoRoom; after a pause a second page joins, subscribes
// to it, and we measure how long after its subscription started (the `started` event) the first
// video frame is decoded. That time is the subscriber's ICE + DTLS setup plus the keyframe the
// server must ask the publisher for (PLI): without one the subscriber would wait for the
// publisher's next periodic keyframe. Prints one JSON line; exits 1 if no frame was decoded
// within the limit.
//
// Usage: node run-late-joiner.mjs <janus server url> [pause seconds=4] [limit ms=1000]
// Run it inside `unshare -n` with the server (see run-in-netns.sh).
import { startPageServer, launchChromium } from './harness.mjs';

const [server, pause = '4', limit = '1000'] = process.argv.slice(2);
if (!server) {
  console.error('usage: node run-late-joiner.mjs <server url> [pause seconds] [limit ms]');
  process.exit(2);
}
const web = await startPageServer();
const pageUrl = web.url;
const browser = await launchChromium();
const room = `late|${Math.floor(Math.random() * 1e9)}`;
const report = { room };
let ok = false;
try {
  const open = async () => {
    const page = await browser.newPage();
    page.on('console', m => { if (m.type() === 'error') console.error(m.text()); });
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.pageReady === true);
    return page;
  };
  const early = await open();
  await early.evaluate(opts => window.publishAndSubscribe(opts), { server, room, id: 'early', subscribeTo: [], createRoom: true });
  await new Promise(r => setTimeout(r, Number(pause) * 1000));
  const late = await open();
  await late.evaluate(opts => window.publishAndSubscribe(opts), { server, room, id: 'late', subscribeTo: ['early'] });
  const started = Date.now();
  for (;;) {
    const stats = await late.evaluate(() => window.inboundStats());
    const video = stats.find(s => s.kind === 'video');
    if (video && (video.framesDecoded ?? 0) > 0) {
      report.firstFrameMs = Date.now() - started;
      break;
    }
    if (Date.now() - started > 10000) break;
    await new Promise(r => setTimeout(r, 20));
  }
  ok = report.firstFrameMs !== undefined && report.firstFrameMs <= Number(limit);
} catch (e) {
  report.error = e.message;
} finally {
  await browser.close();
  web.close();
}
report.ok = ok;
console.log(JSON.stringify(report));
process.exit(ok ? 0 : 1);
