#!/usr/bin/env bash
# Set up .venv and evaluate the shipped sample year with the shipped 2018 policy.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/venv.sh
exec .venv/bin/plut-rules evaluate "$@"
