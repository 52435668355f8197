#!/usr/bin/env bash
# Set up .venv with the test tools and run every quality gate and test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh test
echo "== ruff"
# benchmarks/ and fuzz/ are linted when present
lint=(src tests)
for d in benchmarks fuzz; do [ -d "$d" ] && lint+=("$d"); done
.venv/bin/ruff check "${lint[@]}"
echo "== mypy (strict)"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
