#!/usr/bin/env bash
# Make sure the system packages the tests use are installed (Debian): chromium for the
# real-browser tests, poppler-utils (pdftotext, pdftoppm) for reading the PDF reports, haproxy
# for room mode and its test, and the fonts the PDF exports draw other scripts with. With package names as arguments (`... haproxy`), only those.
set -euo pipefail
CHROMIUM="${AIADOPT_CHROMIUM:-/usr/bin/chromium}"
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(chromium poppler-utils haproxy fonts-wqy-microhei fonts-symbola)
missing=()
for package in "${wanted[@]}"; do
    case "$package" in
        chromium) [ -x "$CHROMIUM" ] || missing+=(chromium) ;;
        poppler-utils) command -v pdftotext >/dev/null || missing+=(poppler-utils) ;;
        # Debian puts haproxy in /usr/sbin, which is not on every user's PATH.
        haproxy) command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy) ;;
        # Fonts the PDF exports use for Chinese, Japanese, Korean, and for emoji and symbols.
        fonts-wqy-microhei) [ -n "$(find /usr/share/fonts -name wqy-microhei.ttc 2>/dev/null)" ] || missing+=(fonts-wqy-microhei) ;;
        fonts-symbola) [ -n "$(find /usr/share/fonts -name Symbola_hint.ttf 2>/dev/null)" ] || missing+=(fonts-symbola) ;;
        *) echo "ensure_system_packages.sh: unknown package '$package'" >&2; exit 2 ;;
    esac
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    SUDO=""
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
    SUDO="sudo"
else
    echo "These Debian packages are needed: ${missing[*]} (apt-get install ${missing[*]})." >&2
    case " ${missing[*]} " in
        *" chromium "*) echo "Set AIADOPT_CHROMIUM to Chromium's path if it lives elsewhere." >&2 ;;
    esac
    exit 1
fi
echo "Installing: ${missing[*]} (apt-get install)..."
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
