#!/usr/bin/env bash
# Make sure the system packages the tests use are installed (Debian): chromium for the
# real-browser tests, poppler-utils (pdftotext, pdftoppm) for reading the PDF reports.
set -euo pipefail
CHROMIUM="${AIADOPT_CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    SUDO=""
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    SUDO="sudo"
else
    echo "The tests need these Debian packages: ${missing[*]} (apt-get install ${missing[*]})." >&2
    echo "Set AIADOPT_CHROMIUM to Chromium's path if it lives elsewhere." >&2
    exit 1
fi
echo "Installing for the tests: ${missing[*]} (apt-get install)..."
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
