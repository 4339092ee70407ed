"""Build events -> what the terminal shows: a live status line on a terminal, plain lines otherwise, then a table."""

from __future__ import annotations

import time

from build_factsheet.errors import display_path

SYMBOLS = {"queued": "·", "started": "…", "checking": "?", "checked": "✓", "done": "✓", "cached": "=", "failed": "✗"}


class ProgressDisplay:
    """Receives (lang, status, result) from pipeline.build and writes to `echo`."""

    def __init__(self, echo, interactive: bool, langs: list[str] | None = None):
        self.echo = echo
        self.interactive = interactive
        self.states: dict[str, str] = dict.fromkeys(langs or [], "queued")
        self.started = time.perf_counter()

    def __call__(self, lang: str, status: str, result=None) -> None:
        self.states[lang] = status
        if self.interactive:
            done = sum(s in ("checked", "done", "cached", "failed") for s in self.states.values())
            line = "  ".join(f"{SYMBOLS[s]} {code}" for code, s in self.states.items())
            self.echo(f"\r\033[K[{done}/{len(self.states)}] {line}", nl=False)
        elif status not in ("started", "checking", "checked"):
            detail = f" ({display_path(result.pdf)})" if result is not None and result.pdf else ""
            self.echo(f"{lang}: {status}{detail}")

    def finish(self) -> None:
        if self.interactive and self.states:
            self.echo("")


def summary_table(results, seconds: float) -> str:
    """One row per language: pages, size, time, checks, and whether it was built or already current;
    each row names its publication when there are several."""
    several = len({r.publication for r in results}) > 1
    rows = [(*(("publication",) if several else ()), "locale", "pages", "size", "time", "checks", "body", "")]
    for r in results:
        state = "current" if r.cached else ("draft, in build/" if r.draft else "built")
        rows.append((*((r.publication,) if several else ()), r.lang, str(r.pages), f"{r.size / 1024:.0f} KB",
                     "-" if r.cached else f"{r.seconds:.1f} s",
                     "-" if r.cached else f"{r.checks_passed} passed", f"{r.font_size_pt:g} pt", state))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    built = sum(not r.cached for r in results)
    lines.append(f"{built} built, {len(results) - built} already current, {seconds:.1f} s")
    return "\n".join(lines)
