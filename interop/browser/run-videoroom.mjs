// Browser end-to-end check: N headless Chromium pages (janus.js from npm janus-gateway) join one
// VideoRoom; each publishes fake camera + microphone and subscribes to the others with one
// multistream subscription. Prints one JSON line with what each subscriber decoded; exits 1
// unless every subscriber decodes video frames and audio within the deadline.
//
// Usage: node run-videoroom.mjs <janus server url> [participants=2] [seconds=10] [hold seconds=0]
// With a hold time, after success the run goes on sampling every 500 ms and prints one JSON line
// per sample ({"t": ms, "frames": [total frames decoded per participant]}) so a caller can check
// that video keeps flowing while it disturbs something (e.g. restarts the MQTT broker); it then
// fails if any participant's decoded frames stopped growing for longer than 2 s.
// Run it inside `unshare -n` with the server (see run-in-netns.sh): Chromium then only has
// loopback candidates (--allow-loopback-in-peer-connection).
import { startPageServer, launchChromium } from './harness.mjs';

const [server, n = '2', seconds = '10', hold = '0'] = process.argv.slice(2);
if (!server) {
  console.error('usage: node run-videoroom.mjs <server url> [participants] [seconds]');
  process.exit(2);
}
const web = await startPageServer();
const pageUrl = web.url;
const browser = await launchChromium();
const count = Number(n);
// ROOM picks the (string) room id; END_WITH_LEAVE=1 makes everyone leave and the first participant
// destroy the room at the end, so a whole VideoRoom conversation runs (mqtt-call.sh uses both).
const room = process.env.ROOM || `e2e|${Math.floor(Math.random() * 1e9)}`;
const ids = Array.from({ length: count }, (_, i) => `user${i + 1}`);
let ok = false;
const report = { room, participants: [] };
try {
  const pages = [];
  for (const id of ids) {
    const page = await browser.newPage();
    page.on('console', m => { if (m.type() === 'error') console.error(`[${id}] ${m.text()}`); });
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.pageReady === true);
    pages.push(page);
  }
  // Everyone joins and publishes, then subscribes to the others.
  await Promise.all(pages.map((page, i) => page.evaluate(opts => window.publishAndSubscribe(opts),
    { server, room, id: ids[i], subscribeTo: ids.filter((_, j) => j !== i), createRoom: i === 0 })));
  const deadline = Date.now() + Number(seconds) * 1000;
  for (;;) {
    const all = await Promise.all(pages.map(p => p.evaluate(() => window.inboundStats())));
    report.participants = all.map((stats, i) => ({ id: ids[i], stats }));
    ok = all.every(stats => {
      const videos = stats.filter(s => s.kind === 'video');
      const audios = stats.filter(s => s.kind === 'audio');
      return videos.length === count - 1 && audios.length === count - 1 &&
        videos.every(v => (v.framesDecoded ?? 0) > 10) && audios.every(a => (a.packetsReceived ?? 0) > 20);
    });
    if (ok || Date.now() > deadline) break;
    await new Promise(r => setTimeout(r, 250));
  }
  if (ok && Number(hold) > 0) {
    console.log('holding');
    const start = Date.now();
    const lastGrowth = ids.map(() => Date.now());
    const lastFrames = ids.map(() => -1);
    let longestStall = 0;
    while (Date.now() - start < Number(hold) * 1000) {
      await new Promise(r => setTimeout(r, 500));
      const all = await Promise.all(pages.map(p => p.evaluate(() => window.inboundStats())));
      const frames = all.map(stats => stats.filter(s => s.kind === 'video').reduce((a, s) => a + (s.framesDecoded ?? 0), 0));
      const now = Date.now();
      frames.forEach((f, i) => {
        if (f > lastFrames[i]) { lastFrames[i] = f; lastGrowth[i] = now; }
        longestStall = Math.max(longestStall, now - lastGrowth[i]);
      });
      console.log(JSON.stringify({ t: now - start, frames }));
    }
    report.longestVideoStallMs = longestStall;
    ok = longestStall <= 2000;
  }
  if (ok && process.env.END_WITH_LEAVE === '1') {
    const ends = await Promise.all(pages.map((page, i) => page.evaluate(async ({ destroy, room }) => {
      const send = (handle, message) => new Promise((resolve, reject) =>
        handle.send({ message, success: resolve, error: reject }));
      const p = window.participant;
      p.sub?.handle.send({ message: { request: 'leave' } });
      if (!destroy) {
        p.pub.handle.send({ message: { request: 'leave' } });
        return 'left';
      }
      // The last one stays until the others left, then destroys the room it is still in (an empty
      // room would already be gone: Wildfire removes rooms when their last participant leaves).
      await new Promise(r => setTimeout(r, 1000));
      const r = await send(p.pub.handle, { request: 'destroy', room });
      return r.videoroom === 'destroyed' ? 'destroyed' : JSON.stringify(r);
    }, { destroy: i === pages.length - 1, room })));
    report.end = ends;
    ok = ends[ends.length - 1] === 'destroyed';
  }
} catch (e) {
  report.error = e.message;
  ok = false;
} finally {
  await browser.close();
  web.close();
}
report.ok = ok;
console.log(JSON.stringify(report));
process.exit(ok ? 0 : 1);
