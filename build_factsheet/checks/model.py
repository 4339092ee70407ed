"""LocalisedDocument -> Expectation (what the PDF must say and be); CheckResult (one finding)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from build_factsheet.model.brand import load_brand, script_of

# Locale keys whose text is not drawn as page text: metadata, alternative text,
# the footer template (checked page by page instead) and the draft stamp.
NOT_ON_PAGE = {"meta.subject", "meta.keywords", "ui.logo_alt", "ui.page_of", "ui.draft_stamp", "ui.entity_label",
               "ui.edition"}


@dataclass(frozen=True)
class CheckResult:
    """One finding of one check: where it is and what is wrong (or that all is well)."""

    check: str
    status: str            # "pass", "fail" or "warn"
    message: str
    lang: str = ""
    page: int | None = None
    key: str | None = None
    text: str | None = None

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        where = ", ".join(filter(None, [
            self.lang and f"locale {self.lang}",
            self.page and f"page {self.page}",
            self.key and f"key '{self.key}'"]))
        text = f": \"{_short(self.text)}\"" if self.text else ""
        return f"[{self.status.upper()}] {self.check}: {self.message}" + (f" ({where})" if where else "") + text


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Expectation:
    """What a factsheet PDF in one language must contain and declare."""

    lang: str
    html_lang: str
    script: str                                   # "latin", "cyrillic", "arabic", "han"
    strings: dict[str, str]                       # key -> text expected on the pages
    title: str
    page_budget: int
    margins_pt: tuple[float, float]               # top, bottom: the page margins of layouts/brand.yaml
    page_furniture: list[tuple[str, str]]         # (key, text) on every page; {page}, {pages} filled
    links: set[str]
    allowed_fonts: set[str]                       # font family names (PDF BaseFont, no subset tag)
    # Source-language text (key -> text with {placeholders}), to be absent from a translation.
    source_sentences: dict[str, str] = field(default_factory=dict)
    allowlist: set[str] = field(default_factory=set)  # names that stay in the source language
    figures: int = 0
    fallback_keys: set[str] = field(default_factory=set)  # draft: strings still in the source language


def expectation_for(doc, source_doc=None, allowed_fonts: set[str] = frozenset()) -> Expectation:
    """Build the expectation of `doc` (a LocalisedDocument); `source_doc` is its source-language twin.

    `allowed_fonts` are the PDF names of the vendored font families (fonts.pdf_font_names).
    """
    strings = {key: text for key, text in doc.plain.items() if key not in NOT_ON_PAGE}
    for group, entities in doc.groups.items():
        for entity in entities:
            strings[f"entities.{entity.id}"] = entity.label
    for event, (event_id, _) in zip(doc.timeline, doc.factsheet.timeline):
        strings[f"timeline.dates.{event_id}"] = event.when
    contacts = doc.factsheet.contacts
    links = {f"https://twitter.com/{contacts['twitter']}", contacts["website"], f"mailto:{contacts['email']}"}
    source_sentences = {}
    fallback = set(doc.catalog.fallback_keys)
    if source_doc is not None and source_doc.lang != doc.lang:
        source_sentences = {key: text for key, text in source_doc.templates.items()
                            if key not in NOT_ON_PAGE and not key.startswith("entities.") and key not in fallback}
    furniture = [("ui.page_of", doc.plain["ui.page_of"]), ("ui.edition", doc.plain["ui.edition"])]
    if doc.is_draft:
        furniture.append(("ui.draft_stamp", doc.plain["ui.draft_stamp"]))
    return Expectation(
        lang=doc.lang, html_lang=doc.html_lang, script=script_of(doc.lang),
        strings=strings, title=doc.plain["meta.title"], page_budget=doc.factsheet.page_budget,
        margins_pt=load_brand(doc.factsheet.root).page.margins_pt,
        page_furniture=furniture,
        links=links,
        allowed_fonts=set(allowed_fonts),
        source_sentences=source_sentences,
        allowlist=set(doc.factsheet.proper_names),
        figures=1 + len(doc.figures),  # the logo and each bar of the chart
        fallback_keys=fallback,
    )
