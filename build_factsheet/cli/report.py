"""PdfReports -> the text or JSON that `build-factsheet check` prints."""

from __future__ import annotations

import json

from build_factsheet.errors import display_path


def render_text(reports, strict: bool, verbose: bool = False) -> str:
    """One block per PDF: a verdict line, then each failing or warning finding (all with -v)."""
    lines = []
    for report in reports:
        verdict = "PASS" if report.passed(strict) else "FAIL"
        lines.append(f"{verdict} {display_path(report.path)} ({report.lang or '?'}, {report.pages} pages)")
        for result in report.results:
            if result.status != "pass" or verbose:
                lines.append(f"  {result}")
    passed = sum(r.passed(strict) for r in reports)
    lines.append(f"{passed} of {len(reports)} PDF(s) passed" + (" (strict: warnings fail)" if strict else ""))
    return "\n".join(lines)


def render_json(reports, strict: bool) -> str:
    return json.dumps({
        "strict": strict,
        "passed": all(r.passed(strict) for r in reports),
        "pdfs": [{
            "path": display_path(r.path),
            "lang": r.lang,
            "pages": r.pages,
            "passed": r.passed(strict),
            "seconds": round(r.seconds, 3),
            "results": [result.to_dict() for result in r.results],
        } for r in reports],
    }, ensure_ascii=False, indent=2)
