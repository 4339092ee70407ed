"""What a build is asked for (BuildOptions) and what it reports per language (LocaleResult): plain data, no stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

DEFAULT_WAIT = 300.0  # s: a build waits this long for another, then gives up (--wait)


@dataclass
class BuildOptions:
    root: Path
    langs: list[str] | None = None     # None: every configured language with a locale file
    draft: bool = False                # fall back to the source language for missing strings
    strict: bool = True                # warnings from the checks fail the build
    jobs: int | None = None            # worker processes; None: one per core
    kit: bool = True                   # also make the print PDF and cover thumbnail (kit.py)
    wait: float = DEFAULT_WAIT         # seconds to wait for another build of the project (lock.py)
    pub: str | None = None             # the publication to build (its id or file name); None: the only one


@dataclass
class LocaleResult:
    lang: str
    pdf: Path | None
    pages: int
    size: int
    seconds: float
    font_size_pt: float
    checks: list = field(default_factory=list)  # checks.CheckResult, one per check run
    draft: bool = False
    cached: bool = False               # nothing to do: the published PDF is current
    sha256: str = ""
    extras: dict = field(default_factory=dict)  # kind -> kit.Staged: print PDF, thumbnail
    publication: str = ""              # the publication's document id
    leading: float | None = None       # the body's line height where copyfitting opened it (None: the brand's)
    kept: tuple[str, ...] = ()         # words set unhyphenated at it (render/hyphenation.py)

    @property
    def checks_passed(self) -> int:
        return sum(c.status == "pass" for c in self.checks)


Progress = Callable[[str, str, "LocaleResult | None"], None]  # (lang, status, result)
