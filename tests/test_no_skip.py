"""``.ci/run`` sets SURVEY_TESTS_NEED_SHARED=1: there a test that skips for want of ../shared
fails, saying why; elsewhere, and for any other reason, it skips as before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEEDS_DATA = """
import pytest

def test_needs_the_shared_data():
    pytest.skip("../shared is not here")

def test_needs_an_xls_reader():
    pytest.skip("no .xls reader is installed here")
"""


def run(tmp_path: Path, no_skip: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_needs.py").write_text(NEEDS_DATA, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SURVEY_TESTS_NEED_SHARED"}
    if no_skip is not None:
        env["SURVEY_TESTS_NEED_SHARED"] = no_skip
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    command += ["-p", "tests.conftest", "--rootdir", str(tmp_path), str(tmp_path)]
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)


def test_in_ci_a_test_skipped_for_want_of_shared_fails_and_says_why(tmp_path: Path) -> None:
    done = run(tmp_path, "1")
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 skipped" in done.stdout
    assert "../shared is not here" in done.stdout


def test_elsewhere_it_skips_and_other_skips_stay_skips(tmp_path: Path) -> None:
    done = run(tmp_path, None)
    assert done.returncode == 0, done.stdout
    assert "2 skipped" in done.stdout
