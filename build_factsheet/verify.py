"""PDF files + the current source -> a PdfReport per file: the build's checks, for `build-factsheet check`."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from build_factsheet.model import fonts
from build_factsheet.model.source import load_factsheet
from build_factsheet.project import load_project
from build_factsheet.stages import prepare_checks

if TYPE_CHECKING:
    from build_factsheet.checks import CheckResult


@dataclass
class PdfReport:
    """The checks of one PDF file, as `build-factsheet check` reports them."""

    path: Path
    lang: str | None
    pages: int
    results: list[CheckResult]
    seconds: float

    def passed(self, strict: bool) -> bool:
        from build_factsheet.checks.runner import failures

        return bool(self.results) and not failures(self.results, strict)


def check_files(root: Path, paths: list[Path], lang: str | None = None) -> list[PdfReport]:
    """Check factsheet PDFs against the current source: the same checks the build runs.

    Each file's language comes from its /Lang (or `lang`); a file that cannot be read or
    whose language is not configured gets a failing report rather than an exception.
    """
    from build_factsheet.checks import CheckResult, expectation_for, run_checks
    from build_factsheet.readback import read_pdf

    prepare_checks()  # here, not inside the first file's timing
    factsheet = load_factsheet(root)
    by_html_lang = {settings.html_lang.lower(): code for code, settings in factsheet.locales.items()}
    read: list[tuple[Path, object, str | None, str | None, float]] = []
    for path in paths:
        started = time.perf_counter()
        try:
            readback = read_pdf(path.read_bytes())
        except Exception as exc:  # a damaged or non-PDF file is a finding, not a crash
            read.append((path, None, None, f"cannot read the PDF: {exc}", 0.0))
            continue
        code = lang or by_html_lang.get((readback.lang or "").lower())
        problem = None if code else (f"its /Lang {readback.lang!r} is not a configured language; "
                                     f"give one with --lang")
        read.append((path, readback, code, problem, time.perf_counter() - started))
    langs = sorted({entry[2] for entry in read if entry[2]})
    project = load_project(root, langs) if langs else None
    allowed = fonts.pdf_font_names(root)
    reports = []
    for path, readback, code, problem, reading in read:
        started = time.perf_counter() - reading
        if problem:
            results = [CheckResult("read", "fail", problem, code or "")]
        else:
            doc = project.documents[code]
            expect = expectation_for(doc, project.documents.get(factsheet.source_locale), allowed)
            results = run_checks(readback, expect)
        pages = readback.page_count if readback is not None else 0
        reports.append(PdfReport(path, code, pages, results, time.perf_counter() - started))
    return reports
