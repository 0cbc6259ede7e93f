#!/usr/bin/env bash
# Installs the system and npm packages the test suite uses. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
need=()
for bin in janus janus-pp-rec mosquitto chromium ffprobe ip unshare node npm curl; do
  command -v "$bin" >/dev/null 2>&1 || need+=("$bin")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing Debian packages for: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    janus janus-tools mosquitto mosquitto-clients chromium ffmpeg iproute2 util-linux nodejs npm curl >/dev/null
fi
if [ -f interop/package.json ]; then
  (cd interop && npm ci --no-audit --no-fund --loglevel=error)
fi
