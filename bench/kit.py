"""What the distribution kit costs: a clean build, a one-locale edit and a no-op, with and without it.

Runs on two private copies of the project, each build a separate process (`pipeline.build`
with BuildOptions.kit off on one copy, on on the other), the two taking turns so that both
see the same machine; best of RUNS, in wall-clock and in CPU seconds (less sensitive to
other work on the machine). Prints the figures; measures, never fails.
Usage: .venv/bin/python bench/kit.py [RUNS]
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EDIT = ("fr", "Groupe interinstitutions", "Groupe inter-institutions")


def build(root: Path, kit: bool) -> tuple[float, float]:
    """Run one build in its own process; return (wall seconds, CPU seconds of it and its workers)."""
    code = ("import pathlib; from build_factsheet import pipeline; "
            f"pipeline.build(pipeline.BuildOptions(root=pathlib.Path({str(root)!r}), kit={kit}))")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    with tempfile.TemporaryDirectory() as tmp:
        roots = {}
        for kit in (False, True):  # one copy each, measured in turn: both see the same machine
            roots[kit] = Path(tmp) / f"project-{kit}"
            for folder in ("source", "layouts", "assets"):
                shutil.copytree(REPO / folder, roots[kit] / folder)

        def clean(kit: bool):
            for folder in ("build", "output"):
                shutil.rmtree(roots[kit] / folder, ignore_errors=True)
            return build(roots[kit], kit)

        def edit(kit: bool):
            locale = roots[kit] / "source" / "locales" / f"{EDIT[0]}.yaml"
            text = locale.read_text(encoding="utf-8")
            locale.write_text(text.replace(EDIT[1], EDIT[2], 1) if EDIT[1] in text else text.replace(EDIT[2], EDIT[1], 1),
                              encoding="utf-8")
            return build(roots[kit], kit)

        figures: dict = {}
        for measure, run, count in (("clean", clean, runs), ("edit", edit, runs),
                                    ("no-op", lambda kit: build(roots[kit], kit), 3)):
            samples = {False: [], True: []}
            for _ in range(count):
                for kit in (False, True):
                    samples[kit].append(run(kit))
            figures[measure] = {kit: (min(w for w, _ in s), min(c for _, c in s)) for kit, s in samples.items()}
        for measure, by_kit in figures.items():
            (wall0, cpu0), (wall1, cpu1) = by_kit[False], by_kit[True]
            print(f"{measure:6} wall: without kit {wall0:6.2f} s, with kit {wall1:6.2f} s, adds {wall1 - wall0:+.2f} s"
                  f" ({(wall1 / wall0 - 1) * 100:+.0f}%);  CPU: {cpu0:6.2f} s -> {cpu1:6.2f} s, adds {cpu1 - cpu0:+.2f} s")


if __name__ == "__main__":
    main()
