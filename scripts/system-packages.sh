#!/usr/bin/env bash
# What `make test` needs from the system besides Python: Debian's Chromium (browser tests),
# gettext (msgfmt, for the translations) and the DejaVu fonts (charts and PDFs). Installs what
# is missing when it can (root with apt-get); otherwise stops with one line saying what to run.
set -euo pipefail
missing=()
[ -x "${DIGIT_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true  # stale lists may still do (and the packages may be cached)
  apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v apt-get >/dev/null 2>&1; then
  echo "make test needs ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}', then 'make test' again" >&2
  exit 1
else
  echo "make test needs ${missing[*]} (Debian's names; Chromium at /usr/bin/chromium or DIGIT_CHROMIUM): install them, then run 'make test' again" >&2
  exit 1
fi
