"""Readback -> a finding for each kind of active content (scripts, actions, attachments, forms) in the PDF."""

from __future__ import annotations

from build_factsheet.checks.model import CheckResult, Expectation


def check_active_content(readback, expect: Expectation) -> list[CheckResult]:
    """Fail on anything a viewer could run or open: a factsheet holds text, pictures and web links only."""
    fails = [CheckResult("active-content", "fail", f"the PDF holds {kind}", expect.lang) for kind in readback.active]
    return fails or [CheckResult("active-content", "pass", "no script, action, attachment or form", expect.lang)]
