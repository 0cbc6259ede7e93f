// Recording check: one headless Chromium page (janus.js from npm janus-gateway) publishes into a
// VideoRoom created with record:true and the given rec_dir, and the server records it.
//
// Usage: node run-record.mjs <janus http url> <rec_dir> [seconds=20] [end=leave|kill] [page=page.html] [guest]
//   end=leave: after <seconds> of media the publisher sends `leave`; the script then waits (up to
//              10 s) until the recordings in rec_dir are closed (no temporary names left) and lists them.
//   end=kill:  after <seconds> of media the script kills the server with SIGKILL (its pid in
//              WILDFIRE_SFU_PID), as a crash would, and lists what is left in rec_dir.
//   page:      the page (a file in this folder) to publish from; it must define window.publishAndSubscribe
//              and window.pageReady as page.html does (e.g. a page that shows a flash and plays a beep
//              at the same moment, for A/V sync measurements: ../recorder/flash-beep.html). PAGE in the
//              environment works too; '-' is page.html.
//   guest:     see GUEST below.
// Environment: ROOM (room id; default a random "rec|<digits>"), ID (publisher id, default alice),
// VIDEOCODEC (default vp8), GUEST (end=leave only: a second publisher with this id, Chromium's fake camera
// and microphone on page.html, publishes from 1/4 to 3/4 of <seconds>: a meeting someone joins late; the
// report's guest gives {id, mediaStartedAt, leftAt} in epoch ms).
// "seconds" count from the moment the page has sent both audio and video (outbound-rtp packetsSent
// > 0, polled every 10 ms) to the leave or the kill; the report gives that time as recordedMs, and
// both moments as epoch milliseconds (mediaStartedAt, endedAt) to compare with the files' times, with
// pcTimes (when the PeerConnection's ICE and DTLS connected) and sentAtEnd (packets sent per kind).
// Prints one JSON line {"room", "ok", "recordedMs", "files", ...}; exits 1 on failure.
// Run it inside run-in-netns.sh with the server (see BrowserScenario / BrowserRecordingTest).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { startPageServer, launchChromium, pollPage } from './harness.mjs';

const [server, recDirArg, seconds = '20', end = 'leave', pageArg = process.env.PAGE, guestArg = process.env.GUEST] =
  process.argv.slice(2);
const pageFile = pageArg && pageArg !== '-' ? pageArg : undefined;
if (!server || !recDirArg || !['leave', 'kill'].includes(end)) {
  console.error('usage: node run-record.mjs <server url> <rec_dir> [seconds] [leave|kill] [page.html|-] [guest id]');
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

// RTP packets the publisher PeerConnection counts as sent, per kind (outbound-rtp packetsSent).
async function sentPackets() {
  const sent = { audio: 0, video: 0 };
  const pc = window.participant?.pub?.handle?.webrtcStuff?.pc;
  if (pc) (await pc.getStats()).forEach(s => { if (s.type === 'outbound-rtp') sent[s.kind] += s.packetsSent ?? 0; });
  return sent;
}
const sleep = ms => new Promise(r => setTimeout(r, Math.max(0, ms)));
const listing = async () => (await readdir(recDir).catch(() => [])).sort();
const keepalives = [];
const pages = { '/flash-beep.js': '../recorder/flash-beep.js' };
const web = await startPageServer(pageFile ? { ...pages, '/': pageFile } : pages);
const guestId = end === 'leave' ? guestArg : undefined;
const guestWeb = guestId ? await startPageServer({}) : null;
const browser = await launchChromium();

// A page that publishes as `who` and whose media flows; its .mediaStartedAt is when both kinds were first
// counted as sent (polled every 10 ms; a getStats() round trip adds a few ms).
async function publish(who, url) {
  const page = await browser.newPage();
  page.on('console', m => { if (m.type() === 'error') console.error(`[${who}] ${m.text()}`); });
  // When the page's PeerConnections connected (epoch ms, the server's clock too): ICE, and DTLS as well
  // (connectionState 'connected'); the browser can only put SRTP on the wire from then on.
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    window.pcTimes = [];
    window.RTCPeerConnection = class extends Native {
      constructor(...args) {
        super(...args);
        const t = { created: Date.now() };
        window.pcTimes.push(t);
        this.addEventListener('iceconnectionstatechange', () => { t['ice-' + this.iceConnectionState] ??= Date.now(); });
        this.addEventListener('connectionstatechange', () => { t['pc-' + this.connectionState] ??= Date.now(); });
      }
    };
  });
  await page.goto(url);
  await page.waitForFunction(() => window.pageReady === true);
  await page.evaluate(opts => window.publishAndSubscribe(opts), { server, room, id: who, subscribeTo: [] });
  // janus.js keeps an HTTP session alive only by long polls, which a lone publisher's idle session answers
  // with a keepalive every 30 s: longer than the scenario's session_timeout (6 s). Keep it alive from here.
  const pageSession = await page.evaluate(() => window.participant.janus.getSessionId());
  keepalives.push(setInterval(() => janus(`/${pageSession}`, { janus: 'keepalive' }).catch(() => {}), 2000));
  // The recording starts with the first packet the server gets; the page's counters say when it sent one.
  await pollPage(page, async () => {
    const pc = window.participant?.pub?.handle?.webrtcStuff?.pc;
    if (!pc) return false;
    const sent = { audio: 0, video: 0 };
    (await pc.getStats()).forEach(s => { if (s.type === 'outbound-rtp') sent[s.kind] += s.packetsSent ?? 0; });
    return sent.audio > 0 && sent.video > 0;
  }, null, { timeout: 20000 });
  page.mediaStartedAt = Date.now();
  return page;
}

// Leaving closes the publisher's recordings.
function leave(page) {
  return page.evaluate(() => new Promise(resolve => window.participant.pub.handle.send({
    message: { request: 'leave' },
    success: r => resolve(r ?? 'sent'),
    error: e => resolve({ error: String(e) }),
  })));
}

try {
  const page = await publish(id, web.url);
  const mediaStarted = page.mediaStartedAt;
  report.mediaStartedAt = mediaStarted;
  const ms = Number(seconds) * 1000;
  if (guestId) {
    await sleep(mediaStarted + ms / 4 - Date.now());
    const guest = await publish(guestId, guestWeb.url);
    report.guest = { id: guestId, mediaStartedAt: guest.mediaStartedAt };
    await sleep(mediaStarted + (3 * ms) / 4 - Date.now());
    report.guest.leftAt = Date.now();
    report.guest.leave = await leave(guest);
  }
  await sleep(mediaStarted + ms - Date.now());
  report.pcTimes = await page.evaluate(() => window.pcTimes);
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
    report.sentAtEnd = await page.evaluate(sentPackets);
    report.leave = await leave(page);
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
  keepalives.forEach(clearInterval);
  await browser.close();
  web.close();
  guestWeb?.close();
}
console.log(JSON.stringify(report));
process.exit(report.ok ? 0 : 1);
