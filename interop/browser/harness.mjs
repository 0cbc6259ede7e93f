// What every browser scenario needs, in one place: a loopback HTTP server for the test page,
// janus.js (npm janus-gateway) and its global webrtc-adapter, and a headless Debian Chromium
// that may use loopback ICE candidates (run the scenarios inside run-in-netns.sh).
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(here, '..', 'node_modules');

/**
 * Serves the videoroom page and the libraries on 127.0.0.1 (an ephemeral port); `pages` maps
 * extra or replacement paths to files in this folder, e.g. { '/': 'dual-stream.html' }.
 * Returns { url, close }.
 */
export async function startPageServer(pages = {}) {
  const files = {
    '/': [path.join(here, 'page.html'), 'text/html'],
    '/participant.js': [path.join(here, 'participant.js'), 'text/javascript'],
    '/janus-page.js': [path.join(here, 'janus-page.js'), 'text/javascript'],
    '/janus.es.js': [path.join(modules, 'janus-gateway/npm/dist/janus.es.js'), 'text/javascript'],
    '/adapter.js': [path.join(modules, 'janus-gateway/node_modules/webrtc-adapter/out/adapter.js'), 'text/javascript'],
  };
  for (const [url, file] of Object.entries(pages)) {
    files[url] = [path.join(here, file), file.endsWith('.html') ? 'text/html' : 'text/javascript'];
  }
  const web = http.createServer(async (req, res) => {
    const f = files[req.url.split('?')[0]];
    if (!f) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': f[1] }).end(await readFile(f[0]));
  });
  await new Promise(r => web.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${web.address().port}/`, close: () => web.close() };
}

/** Headless Chromium with fake camera and microphone and loopback candidates allowed. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns'],
  });
}

/**
 * Polls an async page function until it returns something truthy and returns that value. Playwright's
 * page.waitForFunction must not be given an async predicate: it settles as soon as the returned Promise
 * does, whatever it resolves to (measured with playwright-core 1.65: `async () => false` "succeeds" at
 * once), so a wait such as "until packetsSent > 0" returned before any packet was sent.
 */
export async function pollPage(page, fn, arg, { timeout = 15000, interval = 10 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for the page`);
    await new Promise(r => setTimeout(r, interval));
  }
}
