// Browser check of simulcast (issue #3): one headless Chromium page publishes its fake camera at
// 1280x720 with janus.js `simulcast: true` (VP8, rids h/m/l at 1280, 640 and 320 wide, two
// temporal layers each) into a room whose `bitrate` (REMB) lets Chrome send all three; a second
// page subscribes to the video. Then, on the subscriber's one video m-line:
//   1. it decodes the top substream (frameWidth 1280) and got a `substream: 2` event;
//   2. `configure` substream 0: frameWidth becomes 320, with a `substream: 0` event;
//   3. `configure` substream 2: frameWidth 1280 again;
//   4. `configure` temporal 0: a `temporal: 0` event, and framesDecoded keeps rising (at the
//      base layer's frame rate, reported next to the full rate).
// Prints one JSON line with what was seen at each step (and the publisher's per-rid outbound
// stats); exits 1 if a step fails.
//
// Usage: node run-simulcast.mjs <janus server url> [step timeout seconds=10]
// Run it inside `unshare -n` with the server (see run-in-netns.sh).
import { startPageServer, launchChromium } from './harness.mjs';

const [server, stepSeconds = '10'] = process.argv.slice(2);
if (!server) {
  console.error('usage: node run-simulcast.mjs <server url> [step timeout seconds]');
  process.exit(2);
}
const web = await startPageServer({ '/': 'simulcast.html', '/simulcast.js': 'simulcast.js' });
const browser = await launchChromium();
const room = `simulcast|${Math.floor(Math.random() * 1e9)}`;
const report = { room, steps: [] };
const sleep = ms => new Promise(r => setTimeout(r, ms));
const stepMs = Number(stepSeconds) * 1000;
let ok = false;
let pubPage;
try {
  const open = async () => {
    const page = await browser.newPage();
    page.on('console', m => { if (m.type() === 'error') console.error(m.text()); });
    await page.goto(web.url);
    await page.waitForFunction(() => window.pageReady === true);
    return page;
  };
  pubPage = await open();
  const published = await pubPage.evaluate(o => window.simulcast.publish(o),
    { server, room, id: 'sim', bitrate: 3000000, width: 1280, height: 720, frameRate: 15 });
  const video = published.streams.find(s => s.type === 'video');
  report.published = { mid: video.mid, simulcast: video.simulcast === true, offerHasSimulcast: published.offerHasSimulcast,
    capture: `${published.capture.width}x${published.capture.height}` };
  if (!video.simulcast) throw new Error('the answer does not list the video as simulcast: ' + JSON.stringify(published));

  // Chrome enables encodings as its bandwidth estimate allows (the room's REMB); wait for all three.
  const outbound = () => pubPage.evaluate(() => window.simulcast.outbound());
  const start = Date.now();
  let layers = await outbound();
  while (!(layers.length === 3 && layers.every(l => l.framesEncoded > 5)) && Date.now() - start < stepMs) {
    await sleep(200);
    layers = await outbound();
  }
  report.outbound = layers;
  report.steps.push({ step: 'publisher sends three encodings', passed: layers.length === 3, ms: Date.now() - start });
  if (!(layers.length === 3 && layers.every(l => l.framesEncoded > 5))) {
    throw new Error('the publisher does not send three encodings: ' + JSON.stringify(layers));
  }

  const subPage = await open();
  const subscribed = await subPage.evaluate(o => window.simulcast.subscribe(o), { server, room, feed: 'sim', mid: video.mid });
  report.listedVideo = subscribed.listed.find(s => s.type === 'video');
  const subMid = subscribed.streams.find(s => s.type === 'video').mid;
  const inbound = () => subPage.evaluate(() => window.simulcast.inbound());
  const events = () => subPage.evaluate(() => window.simulcast.layerEvents());

  // Polls the subscriber's video stats (and the layer events) until `test` holds or the step times out.
  const until = async (name, test) => {
    const begin = Date.now();
    let v = await inbound();
    let e = await events();
    while (!test(v, e) && Date.now() - begin < stepMs) {
      await sleep(100);
      v = await inbound();
      e = await events();
    }
    const passed = test(v, e);
    report.steps.push({ step: name, passed, ms: Date.now() - begin, frameWidth: v.frameWidth,
      framesDecoded: v.framesDecoded, keyFramesDecoded: v.keyFramesDecoded, events: e.length });
    if (!passed) throw new Error(`step "${name}" failed: ${JSON.stringify(v)} events ${JSON.stringify(e)}`);
    return v;
  };
  const sawEvent = (e, key, value) => e.some(x => x[key] === value && x.mid === subMid);

  await until('top substream', (v, e) => v.frameWidth === 1280 && v.framesDecoded > 5 && sawEvent(e, 'substream', 2));
  const firstEvents = (await events()).length;
  await subPage.evaluate(o => window.simulcast.configure(o), { mid: subMid, substream: 0 });
  await until('substream 0', (v, e) => v.frameWidth === 320 && e.slice(firstEvents).some(x => x.substream === 0));
  await subPage.evaluate(o => window.simulcast.configure(o), { mid: subMid, substream: 2 });
  const full = await until('substream 2 again', v => v.frameWidth === 1280);

  // The full frame rate, then the base temporal layer's.
  const rate = async ms => {
    const a = await inbound();
    await sleep(ms);
    const b = await inbound();
    return { fps: (b.framesDecoded - a.framesDecoded) * 1000 / ms, decoded: b.framesDecoded - a.framesDecoded, last: b };
  };
  const allLayers = await rate(2000);
  await subPage.evaluate(o => window.simulcast.configure(o), { mid: subMid, temporal: 0 });
  await until('temporal 0 event', (v, e) => sawEvent(e, 'temporal', 0));
  const baseLayer = await rate(2000);
  const rising = baseLayer.decoded >= 5 && baseLayer.last.frameWidth === 1280;
  report.steps.push({ step: 'temporal 0 keeps decoding', passed: rising, fpsAllLayers: allLayers.fps,
    fpsTemporal0: baseLayer.fps, framesDecoded: baseLayer.last.framesDecoded, frameWidth: baseLayer.last.frameWidth });
  if (!rising) throw new Error('framesDecoded stopped rising with temporal 0: ' + JSON.stringify(baseLayer));
  report.freezeCount = baseLayer.last.freezeCount;
  report.layerEvents = (await events()).map(x => (x.substream !== undefined ? `substream ${x.substream}` : `temporal ${x.temporal}`));
  report.decodedAtFull = full.framesDecoded;
  ok = true;
} catch (e) {
  report.error = e.message;
  if (pubPage && !report.outbound) {
    report.outbound = await pubPage.evaluate(() => window.simulcast.outbound()).catch(() => []);
  }
} finally {
  await browser.close();
  web.close();
}
report.ok = ok;
console.log(JSON.stringify(report));
process.exit(ok ? 0 : 1);
