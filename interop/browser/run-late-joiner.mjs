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
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(here, '..', 'node_modules');
const [server, pause = '4', limit = '1000'] = process.argv.slice(2);
if (!server) {
  console.error('usage: node run-late-joiner.mjs <server url> [pause seconds] [limit ms]');
  process.exit(2);
}
const files = {
  '/': [path.join(here, 'page.html'), 'text/html'],
  '/participant.js': [path.join(here, 'participant.js'), 'text/javascript'],
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
