"""What the distribution kit costs: a clean build, a one-locale edit and a no-op, with and without it.

Runs on a private copy of the project, each build a separate process (`pipeline.build` with
BuildOptions.kit on or off), best of RUNS. Prints the figures; measures, never fails.
Usage: .venv/bin/python bench/kit.py [RUNS]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EDIT = ("fr", "Groupe interinstitutions", "Groupe inter-institutions")


def build(root: Path, kit: bool) -> float:
    code = ("import pathlib; from build_factsheet import pipeline; "
            f"pipeline.build(pipeline.BuildOptions(root=pathlib.Path({str(root)!r}), kit={kit}))")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        for folder in ("source", "layouts", "assets"):
            shutil.copytree(REPO / folder, root / folder)
        locale = root / "source" / "locales" / f"{EDIT[0]}.yaml"
        original = locale.read_text(encoding="utf-8")
        figures = {}
        for kit in (False, True):
            def clean() -> float:
                for folder in ("build", "output"):
                    shutil.rmtree(root / folder, ignore_errors=True)
                return build(root, kit)

            def edit() -> float:
                text = locale.read_text(encoding="utf-8")
                locale.write_text(original.replace(EDIT[1], EDIT[2], 1) if text == original else original,
                                  encoding="utf-8")
                return build(root, kit)

            figures[kit] = {"clean": min(clean() for _ in range(runs)),
                            "no-op": min(build(root, kit) for _ in range(3)),
                            "edit": min(edit() for _ in range(runs))}
        for measure in ("clean", "edit", "no-op"):
            without, with_kit = figures[False][measure], figures[True][measure]
            print(f"{measure:6} without kit {without:6.2f} s, with kit {with_kit:6.2f} s, "
                  f"kit adds {with_kit - without:+.2f} s ({(with_kit / without - 1) * 100:+.0f}%)")


if __name__ == "__main__":
    main()
