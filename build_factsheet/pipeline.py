"""Project root + languages -> checked PDFs published in output/ (the only module that knows every stage)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import fonts
from .checks import CheckResult, expectation_for, run_checks
from .checks.runner import failures
from .errors import BuildError, CheckError, Problem, SourceError, raise_if_errors
from .locales import Catalog, available_languages, load_catalogs
from .localise import LocalisedDocument, localise
from .publish import BUILD_DIR, OUTPUT_DIR, output_name, publish, stage
from .source import Factsheet, load_factsheet

log = logging.getLogger("build_factsheet")


@dataclass
class BuildOptions:
    root: Path
    langs: list[str] | None = None     # None: every configured language with a locale file
    draft: bool = False                # fall back to the source language for missing strings
    strict: bool = True                # warnings from the checks fail the build


@dataclass
class LocaleResult:
    lang: str
    pdf: Path | None
    pages: int
    size: int
    seconds: float
    font_size_pt: float
    checks: list[CheckResult] = field(default_factory=list)
    draft: bool = False


@dataclass
class Project:
    """A loaded and validated project: the source, its catalogs, and the localised documents."""

    factsheet: Factsheet
    catalogs: dict[str, Catalog]
    documents: dict[str, LocalisedDocument]


def load_project(root: Path, langs: list[str] | None = None, draft: bool = False) -> Project:
    """Load, validate and localise everything before anything renders; raise listing every problem."""
    factsheet = load_factsheet(root)
    langs = langs or available_languages(factsheet)
    catalogs = load_catalogs(factsheet, list(dict.fromkeys([factsheet.source_locale, *langs])), draft=draft)
    problems: list[Problem] = []
    for lang in langs:
        problems += fonts.check_coverage(root, catalogs[lang])
    raise_if_errors(problems, "{count} character(s) cannot be drawn with the vendored fonts:", SourceError)
    documents = {lang: localise(factsheet, catalogs[lang]) for lang in catalogs}
    return Project(factsheet, {lang: catalogs[lang] for lang in langs}, documents)


def build(options: BuildOptions) -> list[LocaleResult]:
    """Build, check and publish each language; raise BuildError listing what failed."""
    root = options.root
    project = load_project(root, options.langs, options.draft)
    build_dir = root / BUILD_DIR
    fonts.isolate_fontconfig(build_dir)
    from .pdf import Renderer  # imports WeasyPrint, after fontconfig is isolated

    renderer = Renderer(root)
    results, errors = [], []
    for lang in project.catalogs:
        try:
            results.append(build_locale(project, lang, renderer, options))
        except BuildError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        problems = [p for exc in errors for p in (exc.problems or [Problem("build", None, None, exc.summary)])]
        summaries = "; ".join(exc.summary.rstrip(":") for exc in errors)
        raise BuildError(f"{len(errors)} of {len(project.catalogs)} language(s) failed: {summaries}", problems)
    return results


def build_locale(project: Project, lang: str, renderer, options: BuildOptions) -> LocaleResult:
    """Render one language, check the staged PDF, and publish it only if every check passed."""
    from .copyfit import copyfit
    from .html import make_environment, render_html
    from .pdf import raise_for_messages
    from .readback import read_pdf

    started = time.perf_counter()
    root = options.root
    doc = project.documents[lang]
    factsheet = project.factsheet
    out_dir = root / BUILD_DIR / lang
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "factsheet.html"
    env = make_environment(root)
    html_by_size: dict[float, str] = {}

    def layout_at(step):
        html = render_html(doc, step, out_dir, env)
        html_by_size[step.font_size_pt] = html
        layout = renderer.layout(html, html_path)
        raise_for_messages(layout, f"build/{lang}/factsheet.html", lang)
        log.debug("%s: %.2f pt -> %d pages, last %.0f%% full", lang, step.font_size_pt, layout.pages,
                  100 * layout.last_page_fill)
        return layout

    step, layout = copyfit(lang, factsheet.page_budget, layout_at)
    stage(root / BUILD_DIR, lang, "factsheet.html", html_by_size[step.font_size_pt].encode("utf-8"))
    pdf = renderer.write(layout)
    raise_for_messages(layout, f"build/{lang}/factsheet.html", lang)
    name = output_name(factsheet.document_id, lang, draft=doc.is_draft)
    staged = stage(root / BUILD_DIR, lang, name, pdf)

    expect = expectation_for(doc, project.documents.get(factsheet.source_locale), fonts.pdf_font_names(root))
    results = run_checks(read_pdf(pdf), expect)
    bad = failures(results, options.strict)
    if bad:
        raise CheckError(f"'{lang}': {len(bad)} check(s) failed on build/{lang}/{name}, not published:",
                         [Problem(f"build/{lang}/{name}", None, r.key, str(r)) for r in bad])
    published = None
    if not doc.is_draft:  # a draft stays in build/: it is never published as final
        published = publish(staged, root / OUTPUT_DIR, name)
    return LocaleResult(lang, published or staged, layout.pages, len(pdf), time.perf_counter() - started,
                        step.font_size_pt, results, doc.is_draft)


@dataclass
class PdfReport:
    """The checks of one PDF file, as `build-factsheet check` reports them."""

    path: Path
    lang: str | None
    pages: int
    results: list[CheckResult]
    seconds: float

    def passed(self, strict: bool) -> bool:
        return bool(self.results) and not failures(self.results, strict)


def check_files(root: Path, paths: list[Path], lang: str | None = None) -> list[PdfReport]:
    """Check factsheet PDFs against the current source: the same checks the build runs.

    Each file's language comes from its /Lang (or `lang`); a file that cannot be read or
    whose language is not configured gets a failing report rather than an exception.
    """
    from .readback import read_pdf

    factsheet = load_factsheet(root)
    by_html_lang = {settings.html_lang.lower(): code for code, settings in factsheet.locales.items()}
    read: list[tuple[Path, object, str | None, str | None, float]] = []
    for path in paths:
        started = time.perf_counter()
        try:
            readback = read_pdf(path.read_bytes())
        except Exception as exc:  # a damaged or non-PDF file is a finding, not a crash
            read.append((path, None, None, f"cannot read the PDF: {exc}", 0.0))
            continue
        code = lang or by_html_lang.get((readback.lang or "").lower())
        problem = None if code else (f"its /Lang {readback.lang!r} is not a configured language; "
                                     f"give one with --lang")
        read.append((path, readback, code, problem, time.perf_counter() - started))
    langs = sorted({entry[2] for entry in read if entry[2]})
    project = load_project(root, langs) if langs else None
    allowed = fonts.pdf_font_names(root)
    reports = []
    for path, readback, code, problem, reading in read:
        started = time.perf_counter() - reading
        if problem:
            results = [CheckResult("read", "fail", problem, code or "")]
        else:
            doc = project.documents[code]
            expect = expectation_for(doc, project.documents.get(factsheet.source_locale), allowed)
            results = run_checks(readback, expect)
        pages = readback.page_count if readback is not None else 0
        reports.append(PdfReport(path, code, pages, results, time.perf_counter() - started))
    return reports
