"""What reading back and checking costs: read_pdf and run_checks over the six PDFs in build/<lang>/, in one process.

Build first (`make pdf`). The readers and language models are loaded before timing, as the
build does (stages.prepare_checks). Best of RUNS rounds of the six languages, in wall-clock
and in CPU seconds (less sensitive to other work on the machine). Prints the figures;
measures, never fails (each check must pass, or the files are not what the build made).
Usage: .venv/bin/python bench/readback.py [RUNS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from build_factsheet.model import fonts
from build_factsheet.checks import expectation_for, run_checks
from build_factsheet.project import load_project
from build_factsheet.stages import prepare_checks
from build_factsheet.readback import read_pdf

REPO = Path(__file__).resolve().parents[1]
LANGS = ["en", "fr", "es", "ru", "ar", "zh"]


def main(runs: int) -> None:
    project = load_project(REPO, LANGS, pub="factsheet")
    source = project.documents[project.factsheet.source_locale]
    allowed = fonts.pdf_font_names(REPO)
    expects = {lang: expectation_for(project.documents[lang], source, allowed) for lang in LANGS}
    pdfs = {lang: (REPO / "build" / lang / f"icat-factsheet-{lang}.pdf").read_bytes() for lang in LANGS}
    prepare_checks()
    for clock in (time.perf_counter, time.process_time):
        best_read = best_total = float("inf")
        for _ in range(runs):
            read = total = 0.0
            for lang in LANGS:
                started = clock()
                readback = read_pdf(pdfs[lang])
                done = clock()
                results = run_checks(readback, expects[lang])
                read, total = read + done - started, total + clock() - started
                bad = [str(result) for result in results if result.status != "pass"]
                assert not bad, bad
            best_read, best_total = min(best_read, read), min(best_total, total)
        what = "wall-clock" if clock is time.perf_counter else "CPU"
        print(f"six languages, best of {runs}, {what}: read_pdf {best_read:.3f} s, "
              f"read_pdf + run_checks {best_total:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
