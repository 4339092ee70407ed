"""Readback + Expectation -> every check's findings, in a fixed order."""

from __future__ import annotations

from build_factsheet.checks.language import check_language
from build_factsheet.checks.layout import check_layout
from build_factsheet.checks.model import CheckResult, Expectation
from build_factsheet.checks.provenance import check_provenance
from build_factsheet.checks.safety import check_active_content
from build_factsheet.checks.structure import check_fonts, check_metadata
from build_factsheet.checks.text import check_completeness, check_leftovers
from build_factsheet.checks.typography import check_typography

CHECKS = (check_completeness, check_leftovers, check_language, check_fonts, check_layout, check_metadata,
          check_active_content, check_provenance, check_typography)


def run_checks(readback, expect: Expectation) -> list[CheckResult]:
    results: list[CheckResult] = []
    for check in CHECKS:
        results.extend(check(readback, expect))
    return results


def failures(results: list[CheckResult], strict: bool) -> list[CheckResult]:
    """The findings that fail a build: failures, and warnings too when `strict`."""
    bad = {"fail", "warn"} if strict else {"fail"}
    return [r for r in results if r.status in bad]
