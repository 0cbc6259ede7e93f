// Control measurement for the A/V sync test: records the flash-beep.js signal inside headless
// Chromium with MediaRecorder (no network, no server) and writes it as WebM, so av-sync.mjs shows
// how far apart Chromium itself puts the flash and the beep.
//
// Usage: node flash-beep-local.mjs OUT.webm [SECONDS=10]
import { writeFile } from 'node:fs/promises';
import { startPageServer, launchChromium } from '../browser/harness.mjs';

const [out, seconds = '10'] = process.argv.slice(2);
if (!out) {
  console.error('usage: node flash-beep-local.mjs OUT.webm [SECONDS]');
  process.exit(2);
}
const web = await startPageServer({ '/': '../recorder/flash-beep.html', '/flash-beep.js': '../recorder/flash-beep.js' });
const browser = await launchChromium();
let status = 1;
try {
  const page = await browser.newPage();
  page.on('console', m => { if (m.type() === 'error') console.error(`[page] ${m.text()}`); });
  await page.goto(web.url);
  await page.waitForFunction(() => window.pageReady === true);
  const b64 = await page.evaluate(ms => window.flashBeep.recordLocally(ms), Number(seconds) * 1000);
  await writeFile(out, Buffer.from(b64, 'base64'));
  console.log(JSON.stringify({ ok: true, file: out }));
  status = 0;
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: e.message }));
} finally {
  await browser.close();
  web.close();
}
process.exit(status);
