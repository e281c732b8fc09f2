#!/usr/bin/env bash
# Installs Debian's Chromium for the headless report test (tests/reports.rs)
# when /usr/bin/chromium is missing. Exits 0 when Chromium is there afterwards,
# non-zero (with a note on stderr) when it cannot be installed; the test then
# skips its browser part with a printed note.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "chromium.sh: /usr/bin/chromium is missing and this is not root; run: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "chromium.sh: installing Debian's chromium (headless report test)" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
test -x /usr/bin/chromium
