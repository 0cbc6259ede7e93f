// Recording check: one headless Chromium page (janus.js from npm janus-gateway) publishes into a
// VideoRoom created with record:true and the given rec_dir, and the server records it.
//
// Usage: node run-record.mjs <janus http url> <rec_dir> [seconds=20] [end=leave|kill] [page=page.html]
//   end=leave: after <seconds> of media the publisher sends `leave`; the script then waits (up to
//              10 s) until the recordings in rec_dir are closed (no temporary names left) and lists them.
//   end=kill:  after <seconds> of media the script kills the server with SIGKILL (its pid in
//              WILDFIRE_SFU_PID), as a crash would, and lists what is left in rec_dir.
//   page:      the page (a file in this folder) to publish from; it must define window.publishAndSubscribe
//              and window.pageReady as page.html does (e.g. a page that shows a flash and plays a beep
//              at the same moment, for A/V sync measurements). PAGE in the environment works too.
// Environment: ROOM (room id; default a random "rec|<digits>"), ID (publisher id, default alice),
// VIDEOCODEC (default vp8).
// "seconds" count from the moment the page has sent both audio and video (outbound-rtp packetsSent
// > 0, polled every 50 ms) to the leave or the kill; the report gives that time as recordedMs, and
// both moments as epoch milliseconds (mediaStartedAt, endedAt) to compare with the files' times.
// Prints one JSON line {"room", "ok", "recordedMs", "files", ...}; exits 1 on failure.
// Run it inside run-in-netns.sh with the server (see BrowserScenario / BrowserRecordingTest).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { startPageServer, launchChromium } from './harness.mjs';

const [server, recDirArg, seconds = '20', end = 'leave', pageFile = process.env.PAGE] = process.argv.slice(2);
if (!server || !recDirArg || !['leave', 'kill'].includes(end)) {
  console.error('usage: node run-record.mjs <server url> <rec_dir> [seconds] [leave|kill] [page.html]');
  process.exit(2);
}
const recDir = path.resolve(recDirArg);
const room = process.env.ROOM || `rec|${Math.floor(Math.random() * 1e9)}`;
const id = process.env.ID || 'alice';
const report = { room, id, end, ok: false };

// The shared participant.js creates rooms without recording: create this one through the HTTP API.
async function janus(pathSuffix, body) {
  const res = await fetch(server + pathSuffix, { method: 'POST', body: JSON.stringify({ transaction: 't' + Math.random(), ...body }) });
  const json = await res.json();
  if (json.janus === 'error') throw new Error(JSON.stringify(json.error));
  return json;
}
const session = (await janus('', { janus: 'create' })).data.id;
const handle = (await janus(`/${session}`, { janus: 'attach', plugin: 'janus.plugin.videoroom' })).data.id;
const created = await janus(`/${session}/${handle}`, {
  janus: 'message',
  body: { request: 'create', room, publishers: 4, record: true, rec_dir: recDir, audiocodec: 'opus',
    videocodec: process.env.VIDEOCODEC || 'vp8' },
});
if (created.plugindata?.data?.videoroom !== 'created') {
  console.log(JSON.stringify({ ...report, error: created.plugindata?.data }));
  process.exit(1);
}

const listing = async () => (await readdir(recDir).catch(() => [])).sort();
let keepalive;
const web = await startPageServer(pageFile ? { '/': pageFile } : {});
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on('console', m => { if (m.type() === 'error') console.error(`[${id}] ${m.text()}`); });
  await page.goto(web.url);
  await page.waitForFunction(() => window.pageReady === true);
  await page.evaluate(opts => window.publishAndSubscribe(opts), { server, room, id, subscribeTo: [] });
  // janus.js keeps an HTTP session alive only by long polls, which a lone publisher's idle session answers
  // with a keepalive every 30 s: longer than the scenario's session_timeout (6 s). Keep it alive from here.
  const pageSession = await page.evaluate(() => window.participant.janus.getSessionId());
  keepalive = setInterval(() => janus(`/${pageSession}`, { janus: 'keepalive' }).catch(() => {}), 2000);
  // The recording starts with the first packet the server gets; the page's counters say when it sent one.
  await page.waitForFunction(async () => {
    const pc = window.participant?.pub?.handle?.webrtcStuff?.pc;
    if (!pc) return false;
    const sent = { audio: 0, video: 0 };
    (await pc.getStats()).forEach(s => { if (s.type === 'outbound-rtp') sent[s.kind] += s.packetsSent ?? 0; });
    return sent.audio > 0 && sent.video > 0;
  }, null, { timeout: 20000, polling: 50 });
  const mediaStarted = Date.now();
  report.mediaStartedAt = mediaStarted;
  await new Promise(r => setTimeout(r, Number(seconds) * 1000));
  if (end === 'kill') {
    const pid = Number(process.env.WILDFIRE_SFU_PID);
    if (!pid) throw new Error('WILDFIRE_SFU_PID is not set: no server to kill');
    report.endedAt = Date.now();
    report.recordedMs = report.endedAt - mediaStarted;
    process.kill(pid, 'SIGKILL');
    report.files = await listing();
    report.ok = report.files.length > 0;
  } else {
    report.endedAt = Date.now();
    report.recordedMs = report.endedAt - mediaStarted;
    report.leave = await page.evaluate(() => new Promise(resolve => window.participant.pub.handle.send({
      message: { request: 'leave' },
      success: r => resolve(r ?? 'sent'),
      error: e => resolve({ error: String(e) }),
    })));
    // Leaving closes the recordings: the writer renames them once their queued packets are written.
    const deadline = Date.now() + 10000;
    for (;;) {
      report.files = await listing();
      const closed = report.files.length > 0 && report.files.every(f => f.endsWith('.mjr'));
      if (closed || Date.now() > deadline) break;
      await new Promise(r => setTimeout(r, 100));
    }
    report.ok = report.files.length > 0 && report.files.every(f => f.endsWith('.mjr'));
  }
} catch (e) {
  report.error = e.message;
  report.ok = false;
} finally {
  clearInterval(keepalive);
  await browser.close();
  web.close();
}
console.log(JSON.stringify(report));
process.exit(report.ok ? 0 : 1);
