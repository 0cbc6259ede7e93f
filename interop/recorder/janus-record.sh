#!/usr/bin/env bash
# Produces MJR recordings made by Debian's Janus 1.1.2 (the reference), for the interop tests
# of our post-processor. Janus's files are test fixtures generated at test time, never committed.
#
# Usage: janus-record.sh OUTDIR [SECONDS=4] [VIDEOCODECS=vp8 (comma-separated, one room each)] [HTTP_PORT=48088]
#                       [SCENARIO=fake|flash-beep|flash-beep+guest (see janus-record.mjs)]
# Runs everything inside a private network namespace (run-in-netns.sh: Janus skips loopback
# interfaces, so it gets 127.0.0.2 on a veth), starts Janus with interop/start-janus-reference.sh,
# and lets a headless Chromium publisher per video codec record into OUTDIR (janus-record.mjs). Prints the
# JSON report line of janus-record.mjs; Janus's log is OUTDIR/janus/janus.log. Needs root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"; secs="${2:-4}"; codec="${3:-vp8}"; port="${4:-48088}"; scenario="${5:-fake}"
if [ "${IN_WILDFIRE_NETNS:-}" != "1" ]; then
  exec "$here/../browser/run-in-netns.sh" "$0" "$out" "$secs" "$codec" "$port" "$scenario"
fi
mkdir -p "$out/janus"
JP="$(JANUS_MEDIA_IP=127.0.0.2 "$here/../start-janus-reference.sh" "$out/janus" "$port")"
trap 'kill "$JP" 2>/dev/null || true; for _ in $(seq 30); do kill -0 "$JP" 2>/dev/null || break; sleep 0.1; done' EXIT
for _ in $(seq 100); do
  curl -s -m 1 -o /dev/null "http://127.0.0.1:$port/janus/info" && break
  sleep 0.1
done
node "$here/janus-record.mjs" "http://127.0.0.1:$port/janus" "$out" "$secs" "$codec" "$scenario"
