#!/usr/bin/env bash
# Issue #5 acceptance scenario, run inside run-in-netns.sh: two brokers (mosquitto), the fake
# Wildfire IM (../im-relay.mjs: WebSocket <-> MQTT, /api/node), the media server started by the
# given command with a config folder whose MQTT transport points at the fake IM, and two
# headless Chromium participants (janus.js over the IM's WebSocket) that publish and subscribe.
# While their video plays: (1) the first broker is killed and restarted — the server must answer
# through it again within 15 s; (2) /api/node starts naming the second broker and the first
# dies — the server must move there without a restart and answer within 15 s. The browsers'
# video must never stall for more than 2 s (run-videoroom.mjs hold mode).
#
# Usage: mqtt-call.sh WORKDIR SERVER_COMMAND...   (the command gets "-F WORKDIR/conf" appended)
# Prints a summary line "mqtt-call: ..." and exits non-zero on the first failed check.
set -euo pipefail
work="$1"; shift
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$work/conf"
B1=41883; B2=41884; RELAY=41880; HTTP=41088

start_broker() {
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$1" > "$work/mosq-$1.conf"
  # Two attempts over up to 30 s: a loaded 2-core CI machine once took longer than 5 s here, and
  # the log of a failed attempt is printed so that a real failure names its cause.
  for attempt in 1 2; do
    mosquitto -c "$work/mosq-$1.conf" >> "$work/mosq-$1.log" 2>&1 &
    echo $! > "$work/mosq-$1.pid"
    for _ in $(seq 150); do
      (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
      kill -0 "$(cat "$work/mosq-$1.pid")" 2>/dev/null || break
      sleep 0.1
    done
    echo "mqtt-call: broker $1 attempt $attempt did not start; its log:" >&2
    cat "$work/mosq-$1.log" >&2 || true
    kill "$(cat "$work/mosq-$1.pid")" 2>/dev/null || true
    sleep 1
  done
  echo "mqtt-call: broker $1 did not start" >&2; return 1
}
stop_broker() { kill "$(cat "$work/mosq-$1.pid")" 2>/dev/null || true; sleep 0.3; }
ping_ms() { curl -s -m "$1" "http://127.0.0.1:$RELAY/control/ping"; }
cleanup() {
  kill "${BROWSER:-}" "${SERVER:-}" "${RELAY_PID:-}" 2>/dev/null || true
  stop_broker $B1; stop_broker $B2
}
trap cleanup EXIT

start_broker $B1
start_broker $B2
node "$here/../im-relay.mjs" "$B1,$B2" "$RELAY" > "$work/relay.log" 2>&1 &
RELAY_PID=$!
for _ in $(seq 100); do grep -q "relay ready" "$work/relay.log" && break; sleep 0.1; done

cat > "$work/conf/janus.jcfg" <<JCFG
media: { rtp_port_range = "30000-30100" }
nat: { ice_enforce_list = "127.0.0.1" }
JCFG
printf 'general: { http = true port = %s ip = "127.0.0.1" }\n' "$HTTP" > "$work/conf/janus.transport.http.jcfg"
printf 'general: { ws = false }\n' > "$work/conf/janus.transport.websockets.jcfg"
printf 'general: { enabled = true im_host = "127.0.0.1" im_port = %s client_id = "janus-e2e" json = "compact" }\n' \
  "$RELAY" > "$work/conf/janus.transport.mqtt.jcfg"
"$@" -F "$work/conf" > "$work/server.log" 2>&1 &
SERVER=$!
ping_ms 30 > /dev/null || { echo "mqtt-call: the server never answered over MQTT" >&2; exit 1; }

ROOM='alice|12345' END_WITH_LEAVE=1 node "$here/run-videoroom.mjs" "ws://127.0.0.1:$RELAY/" 2 20 30 \
  > "$work/browser.log" 2>&1 &
BROWSER=$!
for _ in $(seq 300); do grep -q "^holding" "$work/browser.log" && break; kill -0 $BROWSER 2>/dev/null || break; sleep 0.1; done
grep -q "^holding" "$work/browser.log" || { echo "mqtt-call: the call never started"; tail -5 "$work/browser.log"; exit 1; }

sleep 3
stop_broker $B1; sleep 3; start_broker $B1
restart=$(ping_ms 15) || { echo "mqtt-call: no answer within 15 s after the broker restart"; exit 1; }
sleep 3
curl -s -m 5 -X POST -d "127.0.0.1:$B2" "http://127.0.0.1:$RELAY/control/node" > /dev/null
stop_broker $B1
moved=$(ping_ms 15) || { echo "mqtt-call: no answer within 15 s after the node change"; exit 1; }
wait $BROWSER && video=ok || video=failed
echo "mqtt-call: broker restart answered $restart; node change answered $moved; video $video ($(tail -1 "$work/browser.log" | grep -o '"longestVideoStallMs":[0-9]*'); end $(tail -1 "$work/browser.log" | grep -o '"end":.*' | cut -c1-200))"
[ "$video" = ok ]
