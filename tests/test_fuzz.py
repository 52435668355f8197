"""Short runs of the atheris fuzz targets in fuzz/ (skipped when atheris is not installed).

Longer runs are by hand; see docs/development.md.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNS = 2000

pytestmark = pytest.mark.skipif(importlib.util.find_spec("atheris") is None,
                                reason="atheris not installed (pip install -e '.[fuzz]')")


@pytest.mark.parametrize("target", ["policy", "expr"])
def test_fuzz_target_short_run(target: str, tmp_path: Path) -> None:
    """Each target survives a short libFuzzer run from its seed corpus (copied, not grown)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "fuzz" / "seeds" / target, corpus)
    result = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / f"fuzz_{target}.py"), f"-runs={RUNS}",
         "-max_len=4096", "-rss_limit_mb=1024", "-timeout=30",
         f"-artifact_prefix={tmp_path}/", str(corpus)],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Done" in result.stderr
