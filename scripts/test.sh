#!/usr/bin/env bash
# Set up .venv with the test tools and run every quality gate and test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh test
echo "== ruff"
.venv/bin/ruff check src tests $(ls benchmarks/*.py 2>/dev/null)
echo "== mypy (strict)"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
