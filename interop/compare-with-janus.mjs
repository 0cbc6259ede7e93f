// Runs the scripted conversation (janus-conversation.mjs) against the reference Janus and
// against Wildfire SFU, and compares the responses step by step: the same fields with the
// same JSON types, and the same values for the fields that carry meaning (the `janus` verb,
// the `videoroom` verb, error codes). Differences listed in known-differences.json (each with
// a reason, mirrored in the README) are allowed; anything else fails with exit code 1.
//
// Usage: node compare-with-janus.mjs <reference base url> <candidate base url>
import { readFileSync } from 'node:fs';
import { runConversation } from './janus-conversation.mjs';

const [reference, candidate] = process.argv.slice(2);
if (!reference || !candidate) {
  console.error('usage: node compare-with-janus.mjs <reference url> <candidate url>');
  process.exit(2);
}
const known = JSON.parse(readFileSync(new URL('./known-differences.json', import.meta.url), 'utf8'));

// Fields whose values must be equal, not only their types.
const EXACT = new Set(['janus', 'videoroom', 'code', 'error_code', 'exists', 'permanent', 'publisher', 'plugin',
  'leaving', 'joining.id', 'pin_required', 'is_private']);

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function compare(a, b, path, out) {
  const ta = typeOf(a), tb = typeOf(b);
  if (ta !== tb) {
    out.push({ path, reference: ta, candidate: tb });
    return;
  }
  if (ta === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const p = `${path}.${k}`;
      if (!(k in a)) out.push({ path: p, reference: 'absent', candidate: typeOf(b[k]) });
      else if (!(k in b)) out.push({ path: p, reference: typeOf(a[k]), candidate: 'absent' });
      else compare(a[k], b[k], p, out);
    }
  } else if (ta === 'array') {
    if (a.length !== b.length) out.push({ path: `${path}[]`, reference: `length ${a.length}`, candidate: `length ${b.length}` });
    for (let i = 0; i < Math.min(a.length, b.length); i++) compare(a[i], b[i], `${path}[]`, out);
  } else {
    const leaf = path.split('.').pop();
    const leaf2 = path.split('.').slice(-2).join('.');
    if ((EXACT.has(leaf) || EXACT.has(leaf2)) && a !== b) {
      out.push({ path, reference: JSON.stringify(a), candidate: JSON.stringify(b) });
    }
  }
}

function isKnown(step, path) {
  return known.some(k => (k.step === '*' || k.step === step) &&
    (k.path === path || (k.path.endsWith('*') && path.startsWith(k.path.slice(0, -1)))));
}

let ref, cand;
try {
  ref = await runConversation(reference);
} catch (e) {
  console.error(`reference conversation failed: ${e.message}`);
  process.exit(3);
}
try {
  cand = await runConversation(candidate);
} catch (e) {
  console.error(`candidate conversation failed: ${e.message}`);
  process.exit(1);
}

let unexpected = 0, allowed = 0;
const steps = Math.max(ref.length, cand.length);
for (let i = 0; i < steps; i++) {
  const r = ref[i], c = cand[i];
  if (!r || !c || r.step !== c.step) {
    console.log(`step ${i}: conversations diverged (${r?.step} vs ${c?.step})`);
    unexpected++;
    break;
  }
  const diffs = [];
  compare(r.response, c.response, '$', diffs);
  for (const d of diffs) {
    if (isKnown(r.step, d.path)) {
      allowed++;
      continue;
    }
    unexpected++;
    console.log(`DIFF [${r.step}] ${d.path}: reference ${d.reference}, candidate ${d.candidate}`);
    console.log(`  reference: ${JSON.stringify(r.response).slice(0, 400)}`);
    console.log(`  candidate: ${JSON.stringify(c.response).slice(0, 400)}`);
  }
}
console.log(`compared ${ref.length} exchanges: ${unexpected} unexpected difference(s), ${allowed} known difference(s)`);
process.exit(unexpected === 0 ? 0 : 1);
