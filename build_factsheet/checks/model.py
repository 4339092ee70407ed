"""LocalisedDocument -> Expectation (what the PDF must say and be); CheckResult (one finding)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from build_factsheet.model.brand import load_brand


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
    script: str                                   # the language's script: "latin", "cyrillic", "arabic", "han"...
    strings: dict[str, str]                       # data-key -> text expected on the pages
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
    title_key: str | None = None                  # the locale key of the title, for messages
    languages: tuple[str, ...] = ()               # the project's languages, which a paragraph may be in
    sources: tuple[str, ...] = ()                 # every text a source produced (provenance.sourced_texts)
    headings: list[str] = field(default_factory=list)  # the text of each heading, as the HTML has it
    unbreakable: set[str] = field(default_factory=set)  # text never split across lines (names, acronyms, values)
    heading_words: set[str] = field(default_factory=set)  # words a heading never splits (a language without spaces)
    list_items: list[list[str]] = field(default_factory=list)  # the text of each item of each list
    closing: list[str] = field(default_factory=list)  # the text of the closing block (<footer>, the colophon)

    def in_source_language(self, label: str) -> bool:
        """Tell whether a string (by its data-key) is a draft's source-language stand-in."""
        return any(key in self.fallback_keys for key in label.split())


def expectation_for(doc, source_doc=None, allowed_fonts: set[str] = frozenset(), html: str | None = None) -> Expectation:
    """Build the expectation of `doc` (a LocalisedDocument) from its rendered `html`.

    What the pages must say is what the HTML promises: the text of every element that
    carries a data-key (expected.read_promises). Without `html`, the document is rendered
    again (the text does not depend on the copyfit size). `source_doc` is its source-language
    twin; `allowed_fonts` are the PDF names of the vendored font families (fonts.pdf_font_names).
    """
    from build_factsheet.checks.expected import keys_of, read_promises
    from build_factsheet.checks.sources import sourced_texts

    if html is None:
        from build_factsheet.render.html import FitStep, render_html

        html = render_html(doc, FitStep(10.0), doc.factsheet.root / "build" / doc.lang)
    promised = read_promises(html)
    fallback = set(doc.catalog.fallback_keys)
    source_sentences = {}
    if source_doc is not None and source_doc.lang != doc.lang:
        for label in promised.strings:
            for key in keys_of(label):
                if key in source_doc.templates and key not in fallback:
                    source_sentences[key] = source_doc.templates[key]
    # The running footer and stamps: the layout declares them, they are not elements of the HTML.
    furniture = [(key, doc.plain[key]) for key in doc.factsheet.layout.furniture(doc.is_draft)]
    return Expectation(
        lang=doc.lang, html_lang=promised.html_lang, script=doc.factsheet.locales[doc.lang].script,
        strings=promised.strings, title=promised.title, title_key=promised.title_key,
        page_budget=doc.factsheet.page_budget, margins_pt=load_brand(doc.factsheet.root).page.margins_pt,
        page_furniture=furniture,
        links=promised.links,
        allowed_fonts=set(allowed_fonts),
        source_sentences=source_sentences,
        allowlist=set(doc.factsheet.proper_names),
        figures=promised.figures,
        fallback_keys=fallback,
        languages=tuple(doc.factsheet.locales),
        sources=sourced_texts(doc, promised.ordered_items),
        headings=promised.headings,
        unbreakable=promised.unbreakable,
        heading_words=promised.heading_words,
        list_items=promised.list_items,
        closing=promised.closing,
    )
