#!/usr/bin/env bash
# Starts Debian's Janus 1.1.2 as a signalling reference on loopback (HTTP API only, no media
# use), with the VideoRoom plugin in string_ids mode as the Wildfire fork forces.
# Usage: start-janus-reference.sh WORKDIR HTTP_PORT [WS_PORT] -> prints the PID; logs to WORKDIR/janus.log
set -euo pipefail
dir="$1"; port="$2"; wsport="${3:-}"
wsdisable="libjanus_websockets.so,"
if [ -n "$wsport" ]; then wsdisable=""; fi
mkdir -p "$dir/conf"
libdir=/usr/lib/x86_64-linux-gnu/janus
cat > "$dir/conf/janus.jcfg" <<JCFG
general: {
  configs_folder = "$dir/conf"
  plugins_folder = "$libdir/plugins"
  transports_folder = "$libdir/transports"
  events_folder = "$libdir/events"
  loggers_folder = "$libdir/loggers"
  debug_level = 4
  admin_secret = "janusoverlord"
  interface = "${JANUS_MEDIA_IP:-127.0.0.1}"
}
media: { ipv6 = false  rtp_port_range = "20000-20200" }
nat: { ice_enforce_list = "${JANUS_MEDIA_IP:-127.0.0.1}"  ignore_mdns = true }
plugins: { disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so,libjanus_echotest.so" }
transports: { disable = "${wsdisable}libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so" }
loggers: { disable = "libjanus_jsonlog.so" }
events: { broadcast = false }
JCFG
cat > "$dir/conf/janus.transport.http.jcfg" <<JCFG
general: { base_path = "/janus" http = true port = $port ip = "127.0.0.1" https = false }
admin: { admin_http = false }
JCFG
if [ -n "$wsport" ]; then
cat > "$dir/conf/janus.transport.websockets.jcfg" <<JCFG
general: { json = "indented" ws = true ws_port = $wsport ws_ip = "127.0.0.1" wss = false }
admin: { admin_ws = false }
JCFG
fi
cat > "$dir/conf/janus.plugin.videoroom.jcfg" <<JCFG
general: { string_ids = true }
JCFG
janus -F "$dir/conf" -o > "$dir/janus.log" 2>&1 &
echo $!
