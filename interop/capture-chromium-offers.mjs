// Captures real Chromium SDP (offers, and one answer) as test fixtures for the SDP package of
// sfu-core, and optionally checks that answers/offers our Java code builds are accepted by Chromium.
//
// Usage (from the repository root, after `npm ci` in interop/):
//   node interop/capture-chromium-offers.mjs [--out DIR]
//       Writes the fixtures (default DIR: sfu-core/src/test/resources/sdp) and a README line
//       naming the Chromium version.
//   node interop/capture-chromium-offers.mjs --check
//       Needs `mvn -pl sfu-core test-compile` first. For each scenario, creates a live offer,
//       asks our Java builders for the answer (test class SdpInteropTool, run with `java`),
//       and calls setRemoteDescription on it; then asks Java for a subscriber offer built from
//       that publisher offer, sets it as remote on a second PeerConnection, creates the answer,
//       and has Java parse the answer; then gives a third PeerConnection three successive subscriber
//       offers (all streams, first video removed, video re-added on the recycled m-line). Prints one
//       line per check and exits non-zero on a failure.
//
// Chromium runs headless with fake devices; nothing leaves the machine (no STUN servers, and
// the offers are only exchanged in this process).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(repoRoot, 'sfu-core/src/test/resources/sdp');

const CHROMIUM_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--allow-loopback-in-peer-connection',
];

// A subscriber-style offer in the shape Janus's VideoRoom sends (ice-lite, actpass, sendonly
// m-lines with ssrc and FID groups, BUNDLE). The fingerprint is syntactically valid; no DTLS
// handshake happens, so it never has to match a certificate.
const CANNED_SUBSCRIBER_OFFER = [
  'v=0',
  'o=- 1718000000000000 1 IN IP4 127.0.0.1',
  's=VideoRoom 1234',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 3A:9C:2F:11:7B:4E:55:60:8D:A2:C1:0F:93:44:E8:21:6B:7D:0C:99:AB:CD:EF:01:23:45:67:89:10:32:54:76',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS *',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 127.0.0.1',
  'a=sendonly',
  'a=mid:0',
  'a=rtcp-mux',
  'a=ice-ufrag:Wf1a',
  'a=ice-pwd:0123456789abcdef0123456789',
  'a=ice-options:trickle',
  'a=setup:actpass',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtcp-fb:111 transport-cc',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=msid:janus janus0',
  'a=ssrc:1001 cname:janus',
  'a=ssrc:1001 msid:janus janus0',
  'a=candidate:1 1 udp 2015363327 127.0.0.1 20000 typ host',
  'a=end-of-candidates',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
  'c=IN IP4 127.0.0.1',
  'a=sendonly',
  'a=mid:1',
  'a=rtcp-mux',
  'a=ice-ufrag:Wf1a',
  'a=ice-pwd:0123456789abcdef0123456789',
  'a=ice-options:trickle',
  'a=setup:actpass',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 ccm fir',
  'a=rtcp-fb:96 nack',
  'a=rtcp-fb:96 nack pli',
  'a=rtcp-fb:96 goog-remb',
  'a=rtcp-fb:96 transport-cc',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'a=extmap:12 urn:3gpp:video-orientation',
  'a=msid:janus janus1',
  'a=ssrc-group:FID 2001 2002',
  'a=ssrc:2001 cname:janus',
  'a=ssrc:2001 msid:janus janus1',
  'a=ssrc:2002 cname:janus',
  'a=ssrc:2002 msid:janus janus1',
  'a=candidate:1 1 udp 2015363327 127.0.0.1 20000 typ host',
  'a=end-of-candidates',
  '',
].join('\r\n');

// Page-side helpers, installed once per page.
const PAGE_HELPERS = () => {
  window.gathered = (pc) => new Promise((res) => {
    if (pc.iceGatheringState === 'complete') return res();
    const done = () => { if (pc.iceGatheringState === 'complete') res(); };
    pc.addEventListener('icegatheringstatechange', done);
    setTimeout(res, 3000); // Host-only gathering finishes in milliseconds; never hang.
  });
  window.pcs = {};
  window.offerWithCandidates = async (name, pc) => {
    window.pcs[name] = pc;
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await window.gathered(pc);
    return pc.localDescription.sdp;
  };
  window.scenarios = {
    // (a) A plain publisher: one audio and one video track from the fake devices.
    async publisherAudioVideo() {
      const pc = new RTCPeerConnection();
      const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
      s.getTracks().forEach((t) => pc.addTrack(t, s));
      return window.offerWithCandidates('publisherAudioVideo', pc);
    },
    // (b) Wildfire dual stream: audio, big video, a cloned downscaled small video on its own
    // m-line, and a data channel (wildfire-protocol.md §2 item 9).
    async dualStream() {
      const pc = new RTCPeerConnection();
      const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
      const big = s.getVideoTracks()[0];
      const small = big.clone();
      await small.applyConstraints({ width: 200, height: 200, frameRate: 8 });
      pc.addTrack(s.getAudioTracks()[0], s);
      pc.addTrack(big, s);
      pc.addTrack(small, new MediaStream([small]));
      pc.createDataChannel('JanusDataChannel', { ordered: true });
      return window.offerWithCandidates('dualStream', pc);
    },
    // (c) rid simulcast with three encodings, as janus.js sends it (h, m, l).
    async simulcastRid() {
      const pc = new RTCPeerConnection();
      const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
      pc.addTransceiver(s.getAudioTracks()[0], { direction: 'sendonly', streams: [s] });
      pc.addTransceiver(s.getVideoTracks()[0], {
        direction: 'sendonly', streams: [s],
        sendEncodings: [
          { rid: 'h', active: true, maxBitrate: 900000 },
          { rid: 'm', active: true, maxBitrate: 300000, scaleResolutionDownBy: 2 },
          { rid: 'l', active: true, maxBitrate: 100000, scaleResolutionDownBy: 4 },
        ],
      });
      return window.offerWithCandidates('simulcastRid', pc);
    },
    // (e) H.264 only on the video m-line (setCodecPreferences keeps H.264 and its RTX).
    async h264Only() {
      const pc = new RTCPeerConnection();
      const s = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
      pc.addTransceiver(s.getAudioTracks()[0], { direction: 'sendonly', streams: [s] });
      const vt = pc.addTransceiver(s.getVideoTracks()[0], { direction: 'sendonly', streams: [s] });
      const caps = RTCRtpSender.getCapabilities('video').codecs;
      const h264 = caps.filter((c) => c.mimeType.toLowerCase() === 'video/h264');
      if (h264.length === 0) throw new Error('this Chromium has no H.264 encoder');
      const rtx = caps.filter((c) => c.mimeType.toLowerCase() === 'video/rtx');
      vt.setCodecPreferences([...h264, ...rtx]);
      return window.offerWithCandidates('h264Only', pc);
    },
    // (d) A subscriber: answers an offer shaped like Janus's, receiving only.
    async subscriberAnswer(offerSdp) {
      const pc = new RTCPeerConnection();
      window.pcs.subscriberAnswer = pc;
      await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      await window.gathered(pc);
      return pc.localDescription.sdp;
    },
  };
  // For --check: one subscriber PeerConnection takes a sequence of our offers; returns the
  // transceiver directions after each.
  window.renegotiate = async (offers) => {
    const pc = new RTCPeerConnection();
    const seen = [];
    for (const sdp of offers) {
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription(await pc.createAnswer());
      seen.push(pc.getTransceivers().map((t) => `${t.mid}:${t.currentDirection}`).join(' '));
    }
    pc.close();
    return seen.join(' | ');
  };
  // For --check: apply a remote answer to the PeerConnection that made the offer.
  window.applyAnswer = async (name, sdp) => {
    await window.pcs[name].setRemoteDescription({ type: 'answer', sdp });
    return window.pcs[name].getTransceivers().map((t) => `${t.mid}:${t.currentDirection}`).join(' ');
  };
};

function fixLineEndings(sdp) {
  // Chromium already uses CRLF; make sure of it so the fixtures are byte-stable.
  return sdp.replace(/\r?\n/g, '\r\n');
}

async function withPage(fn) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    // getUserMedia needs a secure context, which about:blank is not; http://localhost is one.
    // Playwright answers the request itself, so no server and no network are involved.
    await page.route('http://localhost/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>sdp</title>' }));
    await page.goto('http://localhost/');
    await page.evaluate(PAGE_HELPERS);
    return await fn(page, browser.version());
  } finally {
    await browser.close();
  }
}

const OFFER_FIXTURES = [
  ['publisherAudioVideo', 'chromium-publisher-audio-video.offer.sdp'],
  ['dualStream', 'chromium-dual-stream.offer.sdp'],
  ['simulcastRid', 'chromium-simulcast-rid.offer.sdp'],
  ['h264Only', 'chromium-h264-only.offer.sdp'],
];

async function capture() {
  mkdirSync(outDir, { recursive: true });
  await withPage(async (page, version) => {
    for (const [scenario, file] of OFFER_FIXTURES) {
      const sdp = await page.evaluate((n) => window.scenarios[n](), scenario);
      writeFileSync(join(outDir, file), fixLineEndings(sdp));
      console.log(`wrote ${file}`);
    }
    writeFileSync(join(outDir, 'janus-style-subscriber.offer.sdp'), CANNED_SUBSCRIBER_OFFER);
    const answer = await page.evaluate((o) => window.scenarios.subscriberAnswer(o), CANNED_SUBSCRIBER_OFFER);
    writeFileSync(join(outDir, 'chromium-subscriber.answer.sdp'), fixLineEndings(answer));
    console.log('wrote janus-style-subscriber.offer.sdp, chromium-subscriber.answer.sdp');
    writeFileSync(join(outDir, 'README.md'), [
      '# SDP fixtures',
      '',
      `The \`chromium-*.sdp\` files were captured from Chromium ${version} (Debian, headless, fake devices)`,
      'by `interop/capture-chromium-offers.mjs`; `janus-style-subscriber.offer.sdp` is the canned offer',
      'that script answers with Chromium. Re-run the script to refresh them (ufrag, fingerprint and ssrcs change).',
      'After `mvn -pl sfu-core test-compile`, `node interop/capture-chromium-offers.mjs --check` feeds our publisher',
      'answers and subscriber offers (including a remove / re-add renegotiation) to the same Chromium.',
      '',
    ].join('\n'));
  });
}

// Runs our Java tool (test classes of sfu-core) with `stdin` and returns its stdout.
function java(mode, stdin) {
  const classes = ['sfu-core/target/classes', 'sfu-core/target/test-classes'].map((p) => join(repoRoot, p));
  for (const c of classes) {
    if (!existsSync(c) || readdirSync(c).length === 0) throw new Error(`${c} is missing: run mvn -pl sfu-core test-compile`);
  }
  return execFileSync('java', ['-cp', classes.join(':'), 'io.github.wildfiresfu.media.sdp.SdpInteropTool', mode],
    { input: stdin, encoding: 'utf8', stdio: ['pipe', 'pipe', 'inherit'] });
}

async function runChecks() {
  let failures = 0;
  await withPage(async (page, version) => {
    console.log(`Chromium ${version}`);
    for (const [scenario] of OFFER_FIXTURES) {
      const offer = await page.evaluate((n) => window.scenarios[n](), scenario);
      try {
        const answer = java('publisher-answer', offer);
        const states = await page.evaluate(([n, a]) => window.applyAnswer(n, a), [scenario, answer]);
        console.log(`ok   ${scenario}: Chromium accepted our publisher answer (${states})`);
      } catch (e) {
        failures++;
        console.log(`FAIL ${scenario}: publisher answer: ${String(e.message).split('\n')[0]}`);
        continue;
      }
      try {
        const subscriberOffer = java('subscriber-offer', offer);
        const subscriberAnswer = await page.evaluate((o) => window.scenarios.subscriberAnswer(o), subscriberOffer);
        const accepted = java('subscriber-answer-check', subscriberOffer + '\n--ANSWER--\n' + subscriberAnswer).trim();
        console.log(`ok   ${scenario}: Chromium answered our subscriber offer (${accepted})`);
      } catch (e) {
        failures++;
        console.log(`FAIL ${scenario}: subscriber offer: ${String(e.message).split('\n')[0]}`);
      }
      try {
        // Renegotiation: the first video m-line removed (port 0), then a video stream added again,
        // which recycles that m-line with the same mid.
        const offers = java('subscriber-sequence', offer).split('--NEXT--');
        const states = await page.evaluate((list) => window.renegotiate(list), offers);
        console.log(`ok   ${scenario}: Chromium took our 3 subscriber offers (${states})`);
      } catch (e) {
        failures++;
        console.log(`FAIL ${scenario}: subscriber renegotiation: ${String(e.message).split('\n')[0]}`);
      }
    }
  });
  console.log(`${OFFER_FIXTURES.length * 3 - failures} passed, ${failures} failed`);
  if (failures > 0) process.exitCode = 1;
}

await (check ? runChecks() : capture());
