"""Benchmark of the build (`make bench`): clean build, edit, no-op, preview, memory, sizes -> a table, exit 1 on a miss.

Everything runs on a private copy of the project, as separate processes, the way a user runs
it. Each ratio compares like with like, taken in turns: this 2-core machine's speed drifts by
up to half within a minute, so the two runs of a pair see the same machine, and the ratio is
the median of PAIRS pairs' ratios. The table is printed and written into docs/performance.md
(between its `bench:` markers), so nobody edits figures by hand.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LANGS = ["en", "fr", "es", "ru", "ar", "zh"]
EDIT_LANG = "fr"
RACY_SECONDS = 1.1  # publish/uptodate.py's RACY_NS, and a little more
PUBLICATIONS = ("icat-factsheet", "icat-at-a-glance")  # the clean build makes both (source/publications/)
PAIRS = int(os.environ.get("BENCH_PAIRS", "5"))  # fewer for a quick look at the bench itself
DOC = REPO / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TARGETS = {"clean": 0.6, "noop": 0.15, "edit": 1.3, "serve_html": 0.2, "serve_pdf": 1.0, "memory_mb": 400,
           "pdf_kb": 150, "pdf_kb_zh": 400, "review": 1.5, "review_noop": 0.5}
# `build-factsheet` with the checks skipped: for the benchmark's comparison, never for publishing.
UNCHECKED = """
import hashlib, sys
from build_factsheet import cli, pipeline

def unchecked(project, rendered, root, strict=True, positions=None):
    return pipeline.LocaleResult(rendered.lang, rendered.staged, rendered.pages, len(rendered.pdf),
                                 rendered.seconds, rendered.font_size_pt, [], rendered.draft,
                                 sha256=hashlib.sha256(rendered.pdf).hexdigest())

pipeline.check_locale = unchecked
pipeline.prepare_checks = lambda *args, **options: None
sys.argv[0] = "build-factsheet"
cli.main()
"""
# A build with nothing to do, then the heavy libraries it loaded (it should load none).
IMPORTS = """
import sys
from build_factsheet import cli
try:
    cli.main(standalone_mode=False)
finally:
    heavy = ("weasyprint", "pypdf", "pypdfium2", "pikepdf", "fontTools", "PIL", "lingua", "jinja2")
    print(" ".join(name for name in heavy if name in sys.modules), file=sys.stderr)
"""


def timed(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_ratio(pairs: list[tuple[float, float]]) -> float:
    return statistics.median(ours / theirs for ours, theirs in pairs)


class Bench:
    """A private copy of the project and the commands that build it."""

    def __init__(self, root: Path):
        self.root = root
        for folder in ("source", "layouts", "assets"):
            shutil.copytree(REPO / folder, root / folder)
        self.cli = [str(BIN / "build-factsheet"), "-C", str(root)]
        self.screen = self.cli + ["build", "-q", "--no-kit"]   # every publication's checked screen PDFs
        self.full = self.cli + ["build", "-q"]                 # what `make pdf` runs: with the kit
        self.locale = root / "source" / "locales" / f"{EDIT_LANG}.yaml"
        self.original = self.locale.read_text(encoding="utf-8")
        # A string of the factsheet alone (its procurement heading): one PDF to make again, as the
        # target compares with one plain render. meta.title, say, is in the leaflet too.
        self.edited = self.original.replace('heading: "Achats durables', 'heading: "Achats responsables', 1)
        assert self.edited != self.original

    def clean(self, command: list[str]) -> float:
        for folder in ("build", "output"):
            shutil.rmtree(self.root / folder, ignore_errors=True)
        return timed(command)

    def edit(self, command: list[str]) -> float:
        """Save the locale with one string changed (back and forth), then build."""
        current = self.locale.read_text(encoding="utf-8")
        self.locale.write_text(self.edited if current == self.original else self.original, encoding="utf-8")
        return timed(command)

    def naive(self, lang: str, publications: tuple[str, ...] = ("icat-factsheet",)) -> float:
        """The plain weasyprint command on the HTML the build kept, one per publication: the baseline."""
        return sum(timed([str(BIN / "weasyprint"), str(self.root / "build" / lang / f"{name}.html"),
                          str(self.root / f"naive-{name}-{lang}.pdf")]) for name in publications)

    def serve(self) -> tuple[list[float], list[float]]:
        """Save the locale while `serve` runs: seconds until the server has the new HTML, the new PDF."""
        process = subprocess.Popen(self.cli + ["serve", "--pub", "factsheet", "--port", "0", "--lang", EDIT_LANG], text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            line = process.stdout.readline()
            url = line.split("Preview on ", 1)[1].split()[0]

            def state() -> dict:
                with urllib.request.urlopen(url + "state") as response:
                    return json.load(response)

            def wait(done) -> dict:
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    current = state()
                    if done(current):
                        return current
                    time.sleep(0.01)
                raise RuntimeError("the preview did not refresh within 120 s")

            wait(lambda s: s["pdf"]["version"] >= 1)
            html_times, pdf_times = [], []
            for _ in range(PAIRS):
                before = state()
                saved = time.time()
                current = self.locale.read_text(encoding="utf-8")
                self.locale.write_text(self.edited if current == self.original else self.original, encoding="utf-8")
                # The next save waits for this one's whole cycle, the PDF's checks included (they
                # run once the PDF is shown): each save is timed from a preview at rest.
                after = wait(lambda s: s["html"]["version"] > before["html"]["version"]
                             and s["pdf"]["version"] > before["pdf"]["version"] and not s["pdf"]["busy"]
                             and not s["pdf"]["checking"])
                html_times.append(after["html"]["finished"] - saved)
                pdf_times.append(after["pdf"]["finished"] - saved)
            return html_times, pdf_times
        finally:
            process.terminate()
            process.wait(timeout=30)


def measure(bench: Bench) -> list[tuple[str, str, str, bool, str]]:
    rows = []
    # The clean build (checks on, kit off) against the naive baseline, in turns.
    clean_pairs = [(bench.clean(bench.screen), sum(bench.naive(lang, PUBLICATIONS) for lang in LANGS))
                   for _ in range(PAIRS)]
    clean_ratio = median_ratio(clean_pairs)
    clean, naive = statistics.median(c for c, _ in clean_pairs), statistics.median(n for _, n in clean_pairs)
    rows.append(("clean build of both publications in six languages, with checks (--no-kit)", f"{clean:.2f} s", f"{clean_ratio:.2f}x naive",
                 clean_ratio <= TARGETS["clean"], f"<= {TARGETS['clean']}x"))
    rows.append(("naive baseline: weasyprint CLI, one process per publication and language", f"{naive:.2f} s", "1.00x", True, ""))
    unchecked = min(bench.clean([str(BIN / "python"), "-c", UNCHECKED, *bench.screen[1:]]) for _ in range(2))
    rows.append(("  the same build with the checks skipped", f"{unchecked:.2f} s",
                 f"checks add {clean - unchecked:+.2f} s", True, ""))
    clean_full = min(bench.clean(bench.full) for _ in range(2))
    rows.append(("clean build with the kit (make pdf)", f"{clean_full:.2f} s", f"{clean_full / naive:.2f}x naive",
                 True, ""))
    sizes = {lang: (bench.root / "output" / f"icat-factsheet-{lang}.pdf").stat().st_size / 1024 for lang in LANGS}

    # One French string edited, then `make pdf`'s build (with the kit), against fr's naive render.
    edit_pairs = [(bench.edit(bench.full), bench.naive(EDIT_LANG)) for _ in range(PAIRS)]
    edit_ratio = median_ratio(edit_pairs)
    rows.append((f"make pdf after editing one {EDIT_LANG} string", f"{statistics.median(e for e, _ in edit_pairs):.2f} s",
                 f"{edit_ratio:.2f}x {EDIT_LANG}'s naive render", edit_ratio <= TARGETS["edit"],
                 f"<= {TARGETS['edit']}x"))

    # Nothing to do: how long, and which heavy libraries it loads. A build within a second of
    # the last one's writes cannot trust file times (publish/uptodate.py: git's racy rule) and
    # takes the full path; the row measures the build a person runs after an edit or a pause.
    time.sleep(RACY_SECONDS)
    noop = statistics.median(timed(bench.full) for _ in range(PAIRS))
    loaded = subprocess.run([str(BIN / "python"), "-c", IMPORTS, *bench.full[1:]], capture_output=True,
                            text=True, check=True).stderr.split()
    rows.append(("build with nothing to do (build-factsheet build)", f"{noop:.3f} s",
                 f"loads: {', '.join(loaded) or 'none of the renderers or readers'}",
                 noop < TARGETS["noop"] and not loaded, f"< {TARGETS['noop']} s, loads none"))
    if (REPO / ".venv").is_dir():
        subprocess.run(["make", "-s", "pdf"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        time.sleep(RACY_SECONDS)  # as above
        make_noop = statistics.median(timed(["make", "-s", "pdf"], cwd=REPO) for _ in range(PAIRS))
        rows.append(("  make pdf with nothing to do", f"{make_noop:.3f} s", "", make_noop < TARGETS["noop"],
                     f"< {TARGETS['noop']} s"))

    rows += measure_review(bench)

    # The preview: a save, then the server's new HTML and new PDF.
    naive_fr = statistics.median(bench.naive(EDIT_LANG) for _ in range(3))
    html_times, pdf_times = bench.serve()
    html, pdf = statistics.median(html_times), statistics.median(pdf_times)
    rows.append(("serve: HTML refreshed after a save", f"{html:.2f} s", "", html <= TARGETS["serve_html"],
                 f"<= {TARGETS['serve_html']} s"))
    rows.append(("serve: PDF refreshed after a save", f"{pdf:.2f} s", f"{pdf / naive_fr:.2f}x {EDIT_LANG}'s naive render",
                 pdf / naive_fr <= TARGETS["serve_pdf"], f"<= {TARGETS['serve_pdf']}x"))

    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest process waited for
    rows.append(("peak memory of one process", f"{peak_mb:.0f} MB", "", peak_mb <= TARGETS["memory_mb"],
                 f"<= {TARGETS['memory_mb']} MB"))
    for lang in LANGS:
        limit = TARGETS["pdf_kb_zh"] if lang == "zh" else TARGETS["pdf_kb"]
        rows.append((f"PDF size {lang}", f"{sizes[lang]:.0f} KB", "", sizes[lang] <= limit, f"<= {limit} KB"))
    print(f"clean pairs (build, naive): {', '.join(f'{c:.2f}/{n:.2f}' for c, n in clean_pairs)}")
    print(f"edit pairs (make pdf, naive {EDIT_LANG}): {', '.join(f'{e:.2f}/{n:.2f}' for e, n in edit_pairs)}")
    print(f"serve, each save: HTML {', '.join(f'{t:.2f}' for t in html_times)} s; "
          f"PDF {', '.join(f'{t:.2f}' for t in pdf_times)} s; naive {EDIT_LANG} {naive_fr:.2f} s\n")
    return rows


def measure_review(bench: Bench) -> list[tuple[str, str, str, bool, str]]:
    """`review` after one string edited, against the build of the same edit; and with nothing to do."""
    review = bench.cli + ["review", "-q"]
    pairs = []
    for _ in range(PAIRS):
        reviewed = bench.edit(review)         # renders fr, compares it with output/, rasterises its pages
        pairs.append((reviewed, timed(bench.full)))  # the same edit built and published: the baseline
    ratio = median_ratio(pairs)
    timed(review)  # the page's fonts subset once for what it now says, as `make pdf` with nothing to do is warmed
    noop = statistics.median(timed(review) for _ in range(PAIRS))
    print(f"review pairs (review, make pdf's build of the same edit): "
          f"{', '.join(f'{r:.2f}/{b:.2f}' for r, b in pairs)}; review with nothing to do {noop:.3f} s")
    return [(f"review after editing one {EDIT_LANG} string", f"{statistics.median(r for r, _ in pairs):.2f} s",
             f"{ratio:.2f}x the build of the same edit", ratio <= TARGETS["review"], f"<= {TARGETS['review']}x"),
            ("review with nothing to do", f"{noop:.3f} s", "", noop < TARGETS["review_noop"],
             f"< {TARGETS['review_noop']} s")]


def table(rows) -> str:
    lines = ["| Measure | Figure | Ratio | Target | |", "|---|---|---|---|---|"]
    lines += [f"| {name.strip()} | {value} | {ratio} | {target} | {'ok' if ok else '**missed**'} |"
              for name, value, ratio, ok, target in rows]
    return "\n".join(lines)


def record(rows) -> None:
    """Write the table into docs/performance.md between its markers."""
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    block = (f"{START}\nThe last `make bench` ({when}; {os.cpu_count()} cores, {platform.python_implementation()} "
             f"{platform.python_version()}; load average before it: {load}):\n\n{table(rows)}\n{END}")
    text = DOC.read_text(encoding="utf-8")
    if START in text and END in text:
        text = text[:text.index(START)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(Bench(Path(tmp) / "project"))
    width = max(len(r[0]) for r in rows)
    for name, value, ratio, ok, target in rows:
        print(f"{name.ljust(width)}  {value:>9}  {ratio:<40} {target:<18} {'ok' if ok else 'MISSED'}")
    record(rows)
    missed = [r[0].strip() for r in rows if not r[3]]
    if missed:
        print(f"\nmissed: {', '.join(missed)}")
    print(f"\nrecorded in {DOC.relative_to(REPO)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
