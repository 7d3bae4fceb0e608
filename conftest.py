"""Suite-wide pytest rules: a skipped test is a failed test.

Odoo skips a tour with a mere log line when Chromium or websocket-client is
missing; here that, and any other skip, fails the run instead of passing it.
"""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, which this suite counts as a failure: {reason}"
