"""Reviewed languages -> their status and a one-line summary each ("fr: 2 strings changed, pages 2-3 changed")."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from build_factsheet.review.compare import PdfComparison
from build_factsheet.review.pages import page_ranges
from build_factsheet.review.textdiff import StringChange


@dataclass
class LanguageReview:
    """One publication in one language: how it stands against output/, and what changed."""

    pub: str
    lang: str
    html_lang: str
    dir: str
    status: str                       # "unchanged", "changed", "new", "failing"
    pdf: str = ""                     # its name in output/
    problems: list[str] = field(default_factory=list)
    strings: list[StringChange] = field(default_factory=list)
    strings_recorded: bool = True     # False: output/ holds no record of the published strings
    comparison: PdfComparison | None = None
    links: dict[str, str] = field(default_factory=dict)  # "published PDF" / "new PDF" -> href from the page

    @property
    def label(self) -> str:
        return f"{self.pub}/{self.lang}"


@dataclass
class Review:
    languages: list[LanguageReview]
    page: Path
    several: bool = False             # more than one publication: lines are named pub/lang

    def summary_lines(self) -> list[str]:
        return [summary_line(item, self.several) for item in self.languages]


def summary_line(item: LanguageReview, several: bool = False) -> str:
    """'fr: 2 strings changed, pages 2-3 changed' (or 'unchanged', 'new, 2 pages', 'failing: ...')."""
    name = item.label if several else item.lang
    if item.status == "failing":
        return f"{name}: failing its checks ({len(item.problems)} problem(s)), not publishable"
    if item.status == "unchanged":
        return f"{name}: unchanged"
    comparison = item.comparison
    if item.status == "new":
        return f"{name}: new, {comparison.new_pages if comparison else '?'} page(s)"
    parts = []
    counts = {kind: sum(change.kind == kind for change in item.strings) for kind in ("changed", "added", "removed")}
    for kind, count in counts.items():
        if count:
            parts.append(f"{count} string{'s' if count > 1 else ''} {kind}")
    if not item.strings_recorded:
        parts.append("strings of the published edition not recorded")
    if comparison is not None:
        pages = comparison.changed_pages
        if pages:
            parts.append(f"page{'s' if len(pages) > 1 else ''} {page_ranges(pages)} changed")
        if comparison.old_pages != comparison.new_pages:
            parts.append(f"{comparison.old_pages} -> {comparison.new_pages} pages")
        if not pages and not comparison.text:
            parts.append("the pages look the same")
    return f"{name}: {', '.join(parts) or 'changed'}"
