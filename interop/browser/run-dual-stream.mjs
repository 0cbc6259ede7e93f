// Browser check of the Wildfire dual stream (issue #3): one headless Chromium page publishes audio,
// its fake camera at 640x480 and the same camera scaled to 160x120 on a second video m-line; a
// second page subscribes to the audio and the big video. Then, on the subscriber's one video m-line:
//   1. `switch` to the small stream: the decoded frameWidth must become 160 (no renegotiation);
//   2. `switch` back: frameWidth 640 again;
//   3. `configure` send:false: packetsReceived must stop growing;
//   4. `configure` send:true: framesDecoded must grow again.
// Prints one JSON line with what was seen at each step; exits 1 if a step fails.
//
// Usage: node run-dual-stream.mjs <janus server url> [step timeout seconds=8]
// Run it inside `unshare -n` with the server (see run-in-netns.sh).
import { startPageServer, launchChromium } from './harness.mjs';

const [server, stepSeconds = '8'] = process.argv.slice(2);
if (!server) {
  console.error('usage: node run-dual-stream.mjs <server url> [step timeout seconds]');
  process.exit(2);
}
const web = await startPageServer({ '/': 'dual-stream.html', '/dual-stream.js': 'dual-stream.js' });
const pageUrl = web.url;
const browser = await launchChromium();
const room = `dual|${Math.floor(Math.random() * 1e9)}`;
const report = { room, steps: [] };
const sleep = ms => new Promise(r => setTimeout(r, ms));
const stepMs = Number(stepSeconds) * 1000;
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
  const published = await pubPage.evaluate(o => window.dual.publish(o), { server, room, id: 'dual' });
  const byType = t => published.streams.filter(s => s.type === t && !s.disabled);
  const [audio] = byType('audio');
  const [bigVideo, smallVideo] = byType('video');
  if (!audio || !smallVideo) throw new Error('expected audio and two videos published: ' + JSON.stringify(published));
  report.published = { audio: audio.mid, big: bigVideo.mid, small: smallVideo.mid,
    captureBig: `${published.bigSettings.width}x${published.bigSettings.height}`,
    captureSmall: `${published.smallSettings.width}x${published.smallSettings.height}` };

  const subPage = await open();
  const subStreams = await subPage.evaluate(o => window.dual.subscribe(o),
    { server, room, feed: 'dual', mids: [audio.mid, bigVideo.mid] });
  const subVideo = subStreams.find(s => s.type === 'video').mid;
  const video = async () => (await subPage.evaluate(() => window.dual.inbound())).find(s => s.kind === 'video') || {};

  // Polls the subscriber's video stats until `test` holds or the step times out.
  const until = async (name, test) => {
    const start = Date.now();
    let v = await video();
    while (!test(v) && Date.now() - start < stepMs) {
      await sleep(100);
      v = await video();
    }
    const passed = test(v);
    report.steps.push({ step: name, passed, ms: Date.now() - start, frameWidth: v.frameWidth,
      framesDecoded: v.framesDecoded, packetsReceived: v.packetsReceived });
    if (!passed) throw new Error(`step "${name}" failed: ${JSON.stringify(v)}`);
    return v;
  };

  await until('big video decoding', v => v.frameWidth === 640 && v.framesDecoded > 10);
  await subPage.evaluate(o => window.dual.switchTo(o), { feed: 'dual', mid: smallVideo.mid, subMid: subVideo });
  await until('switched to small', v => v.frameWidth === 160);
  await subPage.evaluate(o => window.dual.switchTo(o), { feed: 'dual', mid: bigVideo.mid, subMid: subVideo });
  await until('switched back to big', v => v.frameWidth === 640);

  await subPage.evaluate(o => window.dual.setSend(o), { subMid: subVideo, send: false });
  await sleep(500); // packets already on their way
  const paused = await video();
  await sleep(2000);
  const stillPaused = await video();
  const grew = stillPaused.packetsReceived - paused.packetsReceived;
  report.steps.push({ step: 'send:false', passed: grew === 0, packetsReceivedGrowthIn2s: grew,
    packetsReceived: stillPaused.packetsReceived });
  if (grew !== 0) throw new Error(`video packets kept arriving during send:false (+${grew} in 2 s)`);

  await subPage.evaluate(o => window.dual.setSend(o), { subMid: subVideo, send: true });
  const resumedFrom = stillPaused.framesDecoded;
  await until('send:true decoding again', v => v.framesDecoded > resumedFrom + 10);
  ok = true;
} catch (e) {
  report.error = e.message;
} finally {
  await browser.close();
  web.close();
}
report.ok = ok;
console.log(JSON.stringify(report));
process.exit(ok ? 0 : 1);
