#!/usr/bin/env bash
# Runs a command inside a private network namespace that has only loopback, plus 127.0.0.2 on
# a veth so that Debian's Janus (which skips loopback interfaces when gathering) has an address.
# All traffic stays inside the namespace. Needs root (CI runs as root).
# Usage: run-in-netns.sh COMMAND [ARGS...]
set -euo pipefail
if [ "${IN_WILDFIRE_NETNS:-}" != "1" ]; then
  exec unshare -n env IN_WILDFIRE_NETNS=1 "$0" "$@"
fi
ip link set lo up
ip link add v0 type veth peer name v1
sysctl -qw net.ipv6.conf.v0.disable_ipv6=1 net.ipv6.conf.v1.disable_ipv6=1 || true
ip addr add 127.0.0.2/32 dev v0
ip link set v0 up
ip link set v1 up
exec "$@"
