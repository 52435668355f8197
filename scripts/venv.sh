#!/usr/bin/env bash
# Create (or reuse) the virtual environment at .venv and install the project into it.
# Usage: scripts/venv.sh [EXTRAS]   e.g. scripts/venv.sh test
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
spec="."
if [ -n "$extras" ]; then
    spec=".[${extras}]"
fi
# Reinstall only when the project's metadata changed since the last install.
stamp=".venv/.plut-rules-installed-${extras:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e "$spec"
    touch "$stamp"
fi
