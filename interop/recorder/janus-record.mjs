// Makes Debian's Janus 1.1.2 record a VideoRoom publisher, so our post-processor can be tested
// on MJR files written by the reference (interop oracle (b) of issue #4).
//
// Usage: node janus-record.mjs <janus http url> <rec_dir> [seconds=4] [videocodecs=vp8] [scenario=fake]
// For each video codec in the comma-separated list (e.g. vp8,h264) it creates a room with
// record:true, that videocodec and the given rec_dir through the Janus HTTP API, and lets one
// headless Chromium page (janus.js from npm) publish into it as "alice"; all rooms record at the
// same time. After the given time the publishers leave, so the server closes (and renames) its
// recorders. Prints one JSON line {"ok":..,"rooms":{codec:room},"files":[..]} and exits 1 on failure.
// Scenarios (what alice publishes, and who else comes):
//   fake               Chromium's fake camera + microphone
//   flash-beep         the A/V sync signal of flash-beep.js (a white flash and a tone every 2 s)
//   flash-beep+guest   flash-beep, and "bob" (fake devices) publishes from 1/4 to 3/4 of the time
//                      in the first room: a meeting where someone comes and goes
// Nothing here is Janus-specific beyond the HTTP API: pointed at Wildfire SFU it records there.
// Run it inside run-in-netns.sh with Janus listening on 127.0.0.2 (see janus-record.sh).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { startPageServer, launchChromium, pollPage } from '../browser/harness.mjs';

const [server, recDir, seconds = '4', videocodecs = 'vp8', scenario = 'fake'] = process.argv.slice(2);
if (!server || !recDir || !['fake', 'flash-beep', 'flash-beep+guest'].includes(scenario)) {
  console.error('usage: node janus-record.mjs <janus http url> <rec_dir> [seconds] [videocodecs] [fake|flash-beep|flash-beep+guest]');
  process.exit(2);
}

// A few Janus HTTP API calls of our own: the shared participant.js creates rooms without recording.
async function janus(pathSuffix, body) {
  const res = await fetch(server + pathSuffix, { method: 'POST', body: JSON.stringify({ transaction: 't' + Math.random(), ...body }) });
  const json = await res.json();
  if (json.janus === 'error') throw new Error(JSON.stringify(json.error));
  return json;
}
const codecs = videocodecs.split(',');
const base = `rec${Math.floor(Math.random() * 1e6)}`;
const rooms = Object.fromEntries(codecs.map(c => [c, `${base}-${c}`]));
const session = (await janus('', { janus: 'create' })).data.id;
const handle = (await janus(`/${session}`, { janus: 'attach', plugin: 'janus.plugin.videoroom' })).data.id;
for (const [videocodec, room] of Object.entries(rooms)) {
  const created = await janus(`/${session}/${handle}`, {
    janus: 'message',
    body: { request: 'create', room, publishers: 4, record: true, rec_dir: path.resolve(recDir), videocodec, audiocodec: 'opus' },
  });
  if (created.plugindata?.data?.videoroom !== 'created') {
    console.log(JSON.stringify({ ok: false, error: created.plugindata?.data }));
    process.exit(1);
  }
}

const web = await startPageServer({ '/flash-beep.html': '../recorder/flash-beep.html', '/flash-beep.js': '../recorder/flash-beep.js' });
const browser = await launchChromium();
const report = { rooms, ok: false };
const flashBeep = scenario.startsWith('flash-beep');
async function publish(videocodec, room, id = 'alice', fake = !flashBeep) {
  const page = await browser.newPage();
  page.on('console', m => { if (m.type() === 'error') console.error(`[page ${videocodec} ${id}] ${m.text()}`); });
  if (fake) {
    await page.goto(web.url);
    await page.waitForFunction(() => window.pageReady === true);
    await page.evaluate(opts => window.publishAndSubscribe(opts), { server, room, id, subscribeTo: [] });
  } else {
    await page.goto(web.url + 'flash-beep.html');
    await page.waitForFunction(() => window.pageReady === true);
    await page.evaluate(opts => window.flashBeep.publish(opts), { server, room, id });
  }
  // Wait until media flows from the browser (the publisher PC sends), then record for the time asked.
  await pollPage(page, async () => {
    if (window.flashBeep) return (await window.flashBeep.framesEncoded()) > 5;
    const pc = window.participant?.pub?.handle?.webrtcStuff?.pc;
    if (!pc) return false;
    let sent = 0;
    (await pc.getStats()).forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video') sent = s.framesEncoded ?? 0; });
    return sent > 5;
  }, null, { timeout: 15000, interval: 50 });
  return page;
}
// Leaving makes the VideoRoom close the recorders (janus_recorder_close renames .tmp files).
function leave(page) {
  return page.evaluate(() => window.flashBeep ? window.flashBeep.leave() : new Promise(resolve =>
    window.participant.pub.handle.send({ message: { request: 'leave' }, success: resolve, error: resolve })));
}
const sleep = ms => new Promise(r => setTimeout(r, ms));
try {
  const pages = await Promise.all(Object.entries(rooms).map(([c, r]) => publish(c, r)));
  const ms = Number(seconds) * 1000;
  if (scenario === 'flash-beep+guest') {
    const started = Date.now();
    await sleep(ms / 4);
    const guest = await publish(codecs[0], rooms[codecs[0]], 'bob', true);
    report.guest = { joinedAfterMs: Date.now() - started };
    await sleep(Math.max(0, started + (3 * ms) / 4 - Date.now()));
    await leave(guest);
    report.guest.leftAfterMs = Date.now() - started;
    await sleep(Math.max(0, started + ms - Date.now()));
  } else {
    await sleep(ms);
  }
  await Promise.all(pages.map(leave));
  await sleep(1000);
  report.files = (await readdir(recDir)).filter(f => f.includes(base)).sort();
  report.ok = report.files.length >= 2 * codecs.length + (scenario === 'flash-beep+guest' ? 2 : 0);
} catch (e) {
  report.error = e.message;
} finally {
  await browser.close();
  web.close();
}
console.log(JSON.stringify(report));
process.exit(report.ok ? 0 : 1);
