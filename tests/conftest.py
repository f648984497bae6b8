"""Settings for the whole suite.

``SURVEY_TESTS_NEED_SHARED=1`` (set by ``.ci/run``) turns a test skipped for want of ``../shared``
(the test data and the specification beside the checkout; its skip reason names it) into a
failure, saying why: in CI those tests must run, not pass unseen. Other skips stay skips (the
two ``.xls`` tests, one of which always skips by whether an ``.xls`` reader is installed).
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

NEED_SHARED = "SURVEY_TESTS_NEED_SHARED"


def _reason(report: pytest.TestReport) -> str:
    return str(report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    outcome = yield
    report = outcome.get_result()
    if os.environ.get(NEED_SHARED) != "1" or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = _reason(report)
    if "shared" in reason:
        report.outcome = "failed"
        report.longrepr = f"skipped, and {NEED_SHARED}=1 wants ../shared here: {reason}"
