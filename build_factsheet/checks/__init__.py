"""Readback + Expectation -> CheckResults: proof that a PDF says what its locale says, and is well made."""

from __future__ import annotations

from build_factsheet.checks.model import CheckResult, Expectation, expectation_for
from build_factsheet.checks.runner import run_checks

__all__ = ["CheckResult", "Expectation", "expectation_for", "run_checks"]
