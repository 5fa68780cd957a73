#!/usr/bin/env bash
# Make sure the browser the real-browser tests drive is installed (Debian's chromium).
set -euo pipefail
CHROMIUM="${AIADOPT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests (apt-get install chromium)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    echo "Installing Chromium for the browser tests (sudo apt-get install chromium)..."
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
    echo "The browser tests need Chromium at $CHROMIUM (Debian: apt-get install chromium)." >&2
    echo "Set AIADOPT_CHROMIUM to its path if it lives elsewhere." >&2
    exit 1
fi
