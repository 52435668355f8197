#!/usr/bin/env bash
# Set up .venv with the test tools and run every quality gate and test.
set -euo pipefail
cd "$(dirname "$0")/.."
# extras: the test tools, and z3 for the policy linter (plut-rules lint)
bash scripts/venv.sh test,lint
# atheris (optional extra 'fuzz') lets the test run include short fuzzing runs;
# where it does not install, those tests are skipped.
if ! .venv/bin/python -c "import atheris" 2>/dev/null; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check atheris 2>/dev/null \
        || echo "atheris did not install: the short fuzz runs are skipped"
fi
# Debian's chromium renders the HTML report in the browser test; where it cannot be
# installed, that test is skipped with a message.
if ! command -v chromium >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
            >/dev/null 2>&1 || echo "chromium did not install: the browser test is skipped"
    else
        echo "chromium is missing and cannot be installed here: the browser test is skipped"
    fi
fi
echo "== ruff"
# benchmarks/ and fuzz/ are linted when present
lint=(src tests)
for d in benchmarks fuzz; do [ -d "$d" ] && lint+=("$d"); done
.venv/bin/ruff check "${lint[@]}"
echo "== mypy (strict)"
.venv/bin/mypy
echo "== import-linter (contracts in pyproject.toml, docs/architecture.md)"
.venv/bin/lint-imports --no-cache
echo "== pytest (one worker per core)"
.venv/bin/python -m pytest -n auto "$@"
