#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (Django 6 needs it), preferring .python-version.
set -u
want=$(cat "$(dirname "$0")/../.python-version" 2>/dev/null || echo 3.12)
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
candidates=("${PYTHON:-}" "python$want" python3.12 python3.13 python3.14)
for root in "${PYENV_ROOT:-$HOME/.pyenv}/versions" /usr/local/bin /opt/python; do
  for p in "$root"/$want*/bin/python3 "$root"/3.1[2-9]*/bin/python3; do candidates+=("$p"); done
done
candidates+=(python3)
for c in "${candidates[@]}"; do
  [ -n "$c" ] || continue
  path=$(command -v "$c" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
echo "No Python 3.12 or newer found. Django 6 needs it: install python3.12 (or set PYTHON=/path/to/python3.12)." >&2
exit 1
