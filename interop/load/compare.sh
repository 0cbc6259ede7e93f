#!/usr/bin/env bash
# Runs the load generator (benchmarks.jar, io.github.wildfiresfu.bench.load.LoadGenerator) against our
# server and against Debian's Janus 1.1.2 on the same scenarios, and prints a table of the CPU each
# server spends per forwarded packet (medians of the repeats). Everything runs inside a private
# network namespace (interop/browser/run-in-netns.sh: loopback plus 127.0.0.2 on a veth, because
# Janus skips loopback interfaces when gathering and libnice then cannot reach 127.0.0.1; both
# servers and the generator use 127.0.0.2). The server is pinned to one core, the generator to
# the other (taskset), so a server's figures are the cost on one core.
#
# Needs root (unshare -n), janus, jq, and the jars: mvn -B -q package -DskipTests
# Usage: interop/load/compare.sh [--repeat N] [--seconds S] [--servers "wildfire janus"]
#                                [--scenarios "fanout10 rooms10x5 ramp"] [--ramp "1000 2000 ... 32000"]
#                                [--out DIR] [--jfr] [--quiet CORES]
#   fanout10   1 room, 1 publisher, 10 subscribers (50 audio + 100 video packets/s per publisher)
#   rooms10x5  10 rooms, each 1 publisher and 5 subscribers, same media
#   ramp       1 room, 1 publisher, 10 subscribers, video packets/s stepping through --ramp
#   --jfr      profile our server with Java Flight Recorder during each measured window
#              (DIR/wildfire-<scenario>-<n>.jfr; e.g. jfr view hot-methods FILE with a JDK 21+ jfr)
#   --quiet    before each run wait (up to 2 minutes) until other processes use less than CORES
#              cores (default 0.25; 0 = never wait): the machine is shared, and the column
#              "other cores" tells what other processes took during each window anyway
# Before a server's runs, one unrecorded run warms it up (the JVM's JIT compiles the media path).
# Results: DIR/results.jsonl (one RESULT object per run, with "server" and "scenario"), logs in DIR.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
if [ "${IN_WILDFIRE_NETNS:-}" != "1" ]; then
  exec "$repo/interop/browser/run-in-netns.sh" "$0" "$@"
fi

repeat=3
seconds=10
servers="wildfire janus"
scenarios="fanout10 rooms10x5 ramp"
ramp="1000 2000 4000 8000 12000 16000 20000 24000 32000"
out="/tmp/wildfire-load-$(date +%Y%m%d-%H%M%S)"
jfr=0
quiet=0.25
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --servers) servers="$2"; shift 2 ;;
    --scenarios) scenarios="$2"; shift 2 ;;
    --ramp) ramp="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --jfr) jfr=1; shift ;;
    --quiet) quiet="$2"; shift 2 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

server_cpu=1
generator_cpu=0
http_port=8088
media_ip=127.0.0.2
sfu_jar="$repo/sfu-launcher/target/wildfire-sfu.jar"
bench_jar="$repo/benchmarks/target/benchmarks.jar"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
for f in "$sfu_jar" "$bench_jar"; do
  [ -f "$f" ] || { echo "compare.sh: $f is missing; build with: mvn -B -q package -DskipTests" >&2; exit 2; }
done
for t in jq taskset janus; do
  command -v "$t" > /dev/null || { echo "compare.sh: $t is not installed" >&2; exit 2; }
done
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"

server_pid=""

wait_http() {
  for _ in $(seq 1 200); do
    (exec 3<>/dev/tcp/127.0.0.1/$http_port) 2>/dev/null && return 0
    sleep 0.1
  done
  echo "compare.sh: the server did not listen on $http_port; see $out" >&2
  return 1
}

start_wildfire() {
  local conf="$out/wildfire-conf"
  mkdir -p "$conf"
  cat > "$conf/janus.jcfg" <<JCFG
general: { session_timeout = 60 }
media: { rtp_port_range = "20000-20999" }
nat: { ice_lite = true ice_enforce_list = "$media_ip" }
JCFG
  cat > "$conf/janus.transport.http.jcfg" <<JCFG
general: { json = "compact" base_path = "/janus" http = true port = $http_port ip = "127.0.0.1" https = false }
JCFG
  echo 'general: { ws = false wss = false }' > "$conf/janus.transport.websockets.jcfg"
  echo 'general: { string_ids = true }' > "$conf/janus.plugin.videoroom.jcfg"
  taskset -c "$server_cpu" "$java_bin" -jar "$sfu_jar" -F "$conf" > "$out/wildfire.log" 2>&1 &
  server_pid=$!
  wait_http
}

start_janus() {
  server_pid=$(JANUS_MEDIA_IP="$media_ip" taskset -c "$server_cpu" bash "$repo/interop/start-janus-reference.sh" \
    "$out/janus" "$http_port")
  wait_http
}

stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2> /dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2> /dev/null || true
    server_pid=""
  fi
}
trap stop_server EXIT

busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# Waits until the machine is quiet: other processes under $quiet cores over 2 s (2 minutes at most).
wait_quiet() {
  [ "$quiet" = 0 ] && return 0
  local hz; hz=$(getconf CLK_TCK)
  for _ in $(seq 1 60); do
    local a b; a=$(busy_ticks); sleep 2; b=$(busy_ticks)
    if awk -v d=$((b - a)) -v hz="$hz" -v q="$quiet" 'BEGIN { exit !(d / hz / 2 < q) }'; then return 0; fi
  done
  echo "  (the machine stayed busy; measuring anyway)"
}

# run SERVER SCENARIO ARGS... : one generator run; appends its RESULT (or a failure) to results.jsonl
run() {
  local server="$1" scenario="$2"; shift 2
  wait_quiet
  local stamp
  stamp=$(date +%s%N)
  local log="$out/$server-$scenario-$stamp.log"
  taskset -c "$generator_cpu" "$java_bin" -Xms256m -Xmx1g -cp "$bench_jar" \
    io.github.wildfiresfu.bench.load.LoadGenerator --janus "http://127.0.0.1:$http_port/janus" --bind "$media_ip" \
    --server-pid "$server_pid" --label "$server" --seconds "$seconds" "$@" > "$log" 2>&1 &
  local generator=$!
  if [ "$jfr" = 1 ] && [ "$server" = wildfire ]; then
    # Profile the measured window only, not the setup (DTLS handshakes, JIT warm-up).
    while kill -0 "$generator" 2> /dev/null && ! grep -q 'INFO: measuring' "$log"; do sleep 0.1; done
    "${java_bin%java}jcmd" "$server_pid" JFR.start name="w$stamp" settings=profile duration="${seconds}s" \
      filename="$out/wildfire-$scenario-$stamp.jfr" > /dev/null 2>&1 || echo "  (JFR did not start)"
  fi
  wait "$generator" || true
  local line
  line=$(grep '^RESULT ' "$log" | sed 's/^RESULT //' || true)
  if [ -z "$line" ]; then
    echo "  $server $scenario $*: FAILED ($(grep 'load generator:' "$log" | head -1))"
    jq -cn --arg s "$server" --arg c "$scenario" --arg e "$(grep 'load generator:' "$log" | head -1)" \
      '{server:$s, scenario:$c, failed:$e}' >> "$results"
    return
  fi
  echo "$line" | jq -c --arg s "$server" --arg c "$scenario" '. + {server:$s, scenario:$c}' >> "$results"
  echo "$line" | jq -r --arg c "$scenario" '"  \(.label) \($c): forwarded \(.forwardedPerSecond|floor)/s, loss \(.windowLossPercent*100|round/100) % (whole run \(.lossPercent*100|round/100) %), server \(.serverCpuPercent|round) % of a core (kernel \(if .serverCpuSeconds > 0 then (.serverSystemSeconds / .serverCpuSeconds * 100 | round) else 0 end) %), \(.serverMicrosPerForwarded*100|round/100) us/packet, generator \(.generatorMicrosPerPacket*100|round/100) us/packet, other processes \(.otherCpuCores*100|round/100) cores (\(.serverCoreOtherPercent|round) % of the server core), UDP drops generator \(.udpDrops.generatorSockets) server \(.udpDrops.otherSockets)"'
}

for server in $servers; do
  echo "== $server (pinned to CPU $server_cpu; generator on CPU $generator_cpu)"
  "start_$server"
  # Warm-up, not recorded: 20 s at a moderate rate so the JIT has compiled the media path.
  taskset -c "$generator_cpu" "$java_bin" -cp "$bench_jar" io.github.wildfiresfu.bench.load.LoadGenerator \
    --janus "http://127.0.0.1:$http_port/janus" --bind "$media_ip" --rooms 1 --publishers 1 --subscribers 10 \
    --video-pps 2000 --warmup 0 --seconds 20 > "$out/$server-warmup.log" 2>&1 || echo "  (warm-up run failed)"
  for scenario in $scenarios; do
    case "$scenario" in
      fanout10)
        for i in $(seq 1 "$repeat"); do run "$server" fanout10 --rooms 1 --publishers 1 --subscribers 10; done ;;
      rooms10x5)
        for i in $(seq 1 "$repeat"); do run "$server" rooms10x5 --rooms 10 --publishers 1 --subscribers 5; done ;;
      ramp)
        for pps in $ramp; do
          for i in $(seq 1 "$repeat"); do
            run "$server" "ramp-$pps" --rooms 1 --publishers 1 --subscribers 10 --video-pps "$pps" --fps 30
          done
        done ;;
      *) echo "compare.sh: unknown scenario $scenario" >&2; exit 2 ;;
    esac
  done
  stop_server
done

echo
echo "Medians of $repeat run(s) per row; server CPU is utime+stime of its process on one pinned core."
jq -rs '
  def median: sort | if length == 0 then null else .[(length - 1) / 2 | floor] end;
  def r2: if . == null then "-" else (. * 100 | round / 100 | tostring) end;
  ["scenario", "server", "fwd pkt/s", "loss %", "run loss %", "server CPU %", "server us/fwd pkt", "generator us/pkt",
   "kernel %", "other cores", "other on srv core %", "drops gen/srv", "failed"],
  (map(.scenario) as $sc | group_by([.scenario, .server])
   | sort_by(. as $x | [($sc | index($x[0].scenario)), $x[0].server])[] | . as $g | [$g[0].scenario, $g[0].server,
     ([$g[] | select(.failed == null) | .forwardedPerSecond] | median | if . == null then "-" else floor | tostring end),
     ([$g[] | select(.failed == null) | .windowLossPercent] | median | r2),
     ([$g[] | select(.failed == null) | .lossPercent] | median | r2),
     ([$g[] | select(.failed == null) | .serverCpuPercent] | median | r2),
     ([$g[] | select(.failed == null) | .serverMicrosPerForwarded] | median | r2),
     ([$g[] | select(.failed == null) | .generatorMicrosPerPacket] | median | r2),
     ([$g[] | select(.failed == null and .serverCpuSeconds > 0) | .serverSystemSeconds / .serverCpuSeconds * 100]
       | median | if . == null then "-" else round | tostring end),
     ([$g[] | select(.failed == null) | .otherCpuCores] | median | r2),
     ([$g[] | select(.failed == null) | .serverCoreOtherPercent] | median | r2),
     (([$g[] | select(.failed == null) | .udpDrops.generatorSockets] | median | tostring) + "/"
       + ([$g[] | select(.failed == null) | .udpDrops.otherSockets] | median | tostring)),
     ([$g[] | select(.failed != null)] | length | tostring)])
  | @tsv' "$results" | column -t -s $'\t'
echo "Results: $results"
