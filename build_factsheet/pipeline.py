"""Project root + languages -> checked PDFs published in output/ (the only module that knows every stage)."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import cache, fonts, kit
from .errors import BuildError, CheckError, Problem, RenderError, SourceError, raise_if_errors
from .locales import available_languages
from .publish import BUILD_DIR, OUTPUT_DIR, output_name, publish, stage, write_atomic
from .source import Factsheet, load_factsheet

if TYPE_CHECKING:  # imported where used: a build with nothing to do stays fast
    from .checks import CheckResult
    from .locales import Catalog
    from .localise import LocalisedDocument

log = logging.getLogger("build_factsheet")


@dataclass
class BuildOptions:
    root: Path
    langs: list[str] | None = None     # None: every configured language with a locale file
    draft: bool = False                # fall back to the source language for missing strings
    strict: bool = True                # warnings from the checks fail the build
    jobs: int | None = None            # worker processes; None: one per core
    kit: bool = True                   # also make the print PDF and cover thumbnail (kit.py)


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
    cached: bool = False               # nothing to do: the published PDF is current
    sha256: str = ""
    extras: dict = field(default_factory=dict)  # kind -> kit.Staged: print PDF, thumbnail

    @property
    def checks_passed(self) -> int:
        return sum(c.status == "pass" for c in self.checks)


@dataclass
class Rendered:
    """A language rendered and staged in build/<lang>/, not yet checked."""

    lang: str
    staged: Path
    pdf: bytes
    pages: int
    font_size_pt: float
    draft: bool
    seconds: float
    kit: bool = False  # make its print PDF and thumbnail once it is checked (kit.make_extras)


@dataclass
class Project:
    """A loaded and validated project: the source, its catalogs, and the localised documents."""

    factsheet: Factsheet
    catalogs: dict[str, Catalog]
    documents: dict[str, LocalisedDocument]


def load_project(root: Path, langs: list[str] | None = None, draft: bool = False,
                 factsheet: Factsheet | None = None) -> Project:
    """Load, validate and localise everything before anything renders; raise listing every problem."""
    from .i18n.qa import check_quality
    from .locales import load_catalogs
    from .localise import localise

    factsheet = factsheet or load_factsheet(root)
    langs = langs or available_languages(factsheet)
    catalogs = load_catalogs(factsheet, list(dict.fromkeys([factsheet.source_locale, *langs])), draft=draft)
    problems: list[Problem] = []
    for lang in langs:
        problems += fonts.check_coverage(root, catalogs[lang])
    raise_if_errors(problems, "{count} character(s) cannot be drawn with the vendored fonts:", SourceError)
    source = catalogs[factsheet.source_locale]
    problems = [p for lang in langs for p in check_quality(catalogs[lang], source)]
    for problem in problems:
        if problem.severity == "warning":
            log.warning("warning: %s", problem)
    raise_if_errors(problems, "The translations fail {count} QA check(s):", SourceError)
    documents = {lang: localise(factsheet, catalogs[lang]) for lang in catalogs}
    return Project(factsheet, {lang: catalogs[lang] for lang in langs}, documents)


Progress = Callable[[str, str, "LocaleResult | None"], None]  # (lang, status, result)


def build(options: BuildOptions, progress: Progress | None = None) -> list[LocaleResult]:
    """Build, check and publish each language that changed, one build of a project at a time.

    A second build waits for the first (lock.py); the temporary files of a killed build go first.
    """
    from .lock import build_lock
    from .publish import remove_stale_temporaries

    with build_lock(options.root):
        for path in remove_stale_temporaries(options.root):
            log.info("removed %s, left by an interrupted build", path)
        return _build_locked(options, progress)


def _build_locked(options: BuildOptions, progress: Progress | None = None) -> list[LocaleResult]:
    """Build, check and publish each language that changed; raise BuildError listing what failed.

    A language whose inputs (see cache.input_keys) match its last published PDF is not
    rendered at all, and WeasyPrint is not even imported when nothing changed.
    """
    progress = progress or (lambda lang, status, result: None)
    root = options.root
    factsheet = load_factsheet(root)
    langs = options.langs or available_languages(factsheet)
    unknown = [lang for lang in langs if lang not in factsheet.locales]
    if unknown:
        raise SourceError("Unknown language(s):", [Problem(
            "source/factsheet.yaml", factsheet.doc.line_of("document.locales"), "document.locales",
            f"language '{lang}' is not configured") for lang in unknown])
    shared = cache.shared_digests(root)
    keys = cache.input_keys(root, langs, factsheet.source_locale,
                            {"draft": options.draft, "strict": options.strict, "kit": options.kit,
                             "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH")}, shared)
    results: dict[str, LocaleResult] = {}
    todo, durations = [], {}
    for lang in langs:
        entry = cache.read_entry(root, lang)
        # Expected cost: last build's time, or else the locale's length (longer text, longer layout).
        locale = root / "source" / "locales" / f"{lang}.yaml"
        durations[lang] = entry.seconds if entry else (locale.stat().st_size / 1e5 if locale.exists() else 0.0)
        if not options.draft and cache.is_fresh(root, entry, keys[lang], root / OUTPUT_DIR):
            results[lang] = LocaleResult(lang, root / OUTPUT_DIR / entry.pdf, entry.pages, entry.bytes, 0.0,
                                         entry.body_pt, cached=True, sha256=entry.sha256)
            progress(lang, "cached", results[lang])
        else:
            todo.append(lang)
    errors: list[BuildError] = []
    kit_pages = None
    if todo:
        todo.sort(key=lambda lang: -durations[lang])  # slowest first keeps the workers evenly busy
        # Start the workers first: they load and render while this process validates.
        with _Workers(factsheet, options, len(todo)) as workers:
            from .copyfit import read_lock, write_lock

            locked = read_lock(root)
            before = dict(locked)
            workers.start(todo, locked, progress)  # the workers need nothing of what follows
            project = load_project(root, todo, options.draft, factsheet)
            rendered = workers.render(project, todo, locked, progress)
            if workers.pool is not None:
                prepare_checks()  # while the workers render
            kit_pages = _collect(rendered, project, options.strict, root, keys, results, errors, locked,
                                 progress, options.kit and not options.draft)
        if not options.draft and locked != before and write_lock(root, locked):
            changes = ", ".join(f"{lang} {before.get(lang, '-')} -> {locked[lang]:g} pt"
                                for lang in sorted(locked) if before.get(lang) != locked[lang])
            log.warning("note: source/copyfit.lock updated (%s): commit it with the source", changes)
    write_manifest(root, factsheet, langs)
    if options.kit:  # contact sheet and index.html, when what they show changed
        kit.update(root, kit_pages if not errors else None)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        problems = [p for exc in errors for p in (exc.problems or [Problem("build", None, None, exc.summary)])]
        summaries = "; ".join(exc.summary.rstrip(":") for exc in errors)
        raise BuildError(f"{len(errors)} of {len(langs)} language(s) failed: {summaries}", problems)
    return [results[lang] for lang in langs]


def _collect(outcomes, project: Project, strict: bool, root: Path, keys: dict, results: dict,
             errors: list, locked: dict, progress: Progress, kit_wanted: bool = False):
    """Check each language as it is rendered, then publish all that passed; note each failure,
    and each fitted size for the lock.

    The checks run here, in the main process, while the workers render: they need the
    check libraries loaded once, not once per worker, and a build of one language uses the
    second core for them instead of leaving it idle. Publishing waits for the last check, so
    that a build stopped at any moment before then leaves output/ as it was: the last good set.
    """
    checked: list[LocaleResult] = []
    for lang, outcome in outcomes:
        if not isinstance(outcome, BuildError):
            try:
                progress(lang, "checking", None)
                checked.append(check_locale(project, outcome, root, strict))
                progress(lang, "checked", None)
                continue
            except BuildError as exc:
                outcome = exc
        errors.append(outcome)
        progress(lang, "failed", None)
    kit_pages = _prepare_kit(project, root, keys, checked) if kit_wanted else None
    for result in checked:
        try:
            results[result.lang] = _publish(root, result, keys[result.lang])
        except BuildError as exc:
            errors.append(exc)
            progress(result.lang, "failed", None)
            continue
        locked[result.lang] = result.font_size_pt
        progress(result.lang, "done", results[result.lang])
    return kit_pages


def _prepare_kit(project: Project, root: Path, keys: dict, checked: list[LocaleResult]):
    """The kit's contact sheet and index.html for the set about to be published, made from the
    staged files: publishing is then a matter of moving files, whatever the kit costs to make.
    """
    finals = [r for r in checked if not r.draft]
    if not finals:
        return None
    pending = {r.lang: _cache_entry(r, keys[r.lang]) for r in finals}
    text = manifest_text(root, project.factsheet, list(keys), pending)
    staged = {r.pdf.name: r.pdf for r in finals}
    staged.update({item.name: item.path for r in finals for item in r.extras.values()})
    return kit.prepare(root, text, lambda name: staged.get(name, root / OUTPUT_DIR / name)) if text else None


def _publish(root: Path, result: LocaleResult, key: str) -> LocaleResult:
    """Publish a checked, staged PDF unless it changed since its checks; record it in the cache."""
    staged = result.pdf
    if cache.sha256_file(staged) != result.sha256:
        raise CheckError(f"'{result.lang}': the staged PDF changed after its checks, not published:",
                         [Problem(str(staged.relative_to(root)), None, None, "sha256 differs from the checked file")])
    if result.draft:  # a draft stays in build/: it is never published as final
        return result
    kit.publish_extras(root, result.lang, result.extras)
    published = publish(staged, root / OUTPUT_DIR, staged.name)
    cache.write_entry(root, _cache_entry(result, key))
    result.pdf = published
    return result


def _cache_entry(result: LocaleResult, key: str) -> cache.CacheEntry:
    """What the cache records of a language once its staged files are published."""
    extras = {kind: {"file": item.name, "sha256": item.sha256, "bytes": item.path.stat().st_size}
              for kind, item in result.extras.items()}
    return cache.CacheEntry(result.lang, key, result.pdf.name, result.sha256, result.size, result.pages,
                            result.font_size_pt, result.checks_passed, round(result.seconds, 2), extras)


def write_manifest(root: Path, factsheet: Factsheet, langs: list[str]) -> None:
    """Describe every published PDF in output/manifest.json: locale, pages, bytes, sha256, input."""
    text = manifest_text(root, factsheet, langs)
    if text is not None:
        write_atomic(root / OUTPUT_DIR / "manifest.json", text, only_if_changed=True, tmp_dir=root / BUILD_DIR)


def manifest_text(root: Path, factsheet: Factsheet, langs: list[str],
                  pending: dict[str, cache.CacheEntry] | None = None) -> str | None:
    """The manifest of the published PDFs, or of the set that publishing `pending` will make."""
    pending = pending or {}
    entries = {}
    for lang in factsheet.locales:
        entry = pending.get(lang) or cache.read_entry(root, lang)
        if entry is None:
            continue
        if lang not in pending:
            published = root / OUTPUT_DIR / entry.pdf
            if not published.is_file() or (lang not in langs and cache.sha256_file(published) != entry.sha256):
                continue
        entries[lang] = {"file": entry.pdf, "locale": lang, "lang": factsheet.locales[lang].html_lang,
                         "pages": entry.pages, "bytes": entry.bytes, "sha256": entry.sha256,
                         "input": entry.key, "body_pt": entry.body_pt, **entry.extras}
    if not entries:
        return None
    manifest = {"document": factsheet.document_id, "pdfs": entries}
    return json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# Per worker process: the renderer, set up once.
_WORKER: dict = {}


def _worker_start(root: Path) -> None:
    """Set up WeasyPrint once, here; forked workers inherit it."""
    from .pdf import Renderer

    _WORKER["renderer"] = Renderer(root)


def _worker_init() -> None:
    from .lock import die_with_build

    die_with_build()  # a killed build leaves no idle workers behind


def load_and_render(lang: str, options: BuildOptions, locked: float | None):
    """In a worker: load one language and render it; (lang, Rendered or BuildError).

    The build loads and validates the same files meanwhile, reports any problem in them, and
    checks each PDF against what it loaded itself.
    """
    try:
        project = load_project(options.root, [lang], options.draft)
    except BuildError as exc:
        return lang, exc
    return _worker_render(lang, project, options, locked)


def prepare_checks() -> None:
    """Import the readers and load the language models, so that no check's time includes them."""
    import fontTools.ttLib  # noqa: F401  (read_pdf imports the readers where it needs them)
    import pikepdf  # noqa: F401
    import pypdf  # noqa: F401
    import pypdfium2  # noqa: F401

    from . import checks, readback  # noqa: F401
    from .checks.language import detector

    detector().detect_language_of("warm up")  # lingua loads its models at the first detection


def _worker_render(lang: str, project: Project, options: BuildOptions, locked: float | None):
    try:
        return lang, render_locale(project, lang, _WORKER["renderer"], options, locked)
    except BuildError as exc:
        return lang, exc


class _Workers:
    """Worker processes forked from this one once it has started WeasyPrint: each loads and
    renders its own languages while this process validates the project, and all of them end
    with the build. With one job, or where fork is not the way processes start, everything
    renders in this process instead.
    """

    def __init__(self, factsheet: Factsheet, options: BuildOptions, count: int):
        import multiprocessing

        self.root = options.root
        self.options = options
        jobs = max(1, min(options.jobs or os.cpu_count() or 1, count))
        fonts.isolate_fontconfig(self.root / BUILD_DIR)  # before any WeasyPrint import, here or in a worker
        # fontTools (WeasyPrint's fallback subsetter) stamps fonts with the time unless this is set.
        self.previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = self.previous_epoch or str(source_date_epoch(factsheet))
        self.pool = None
        self.sent: list = []  # futures of the languages sent to the workers
        if options.jobs != 1 and multiprocessing.get_start_method(allow_none=True) in (None, "fork"):
            from concurrent.futures import ProcessPoolExecutor

            # WeasyPrint is imported once, here, and the workers forked with it: one import
            # instead of one per worker, and the workers can start at once.
            _worker_start(self.root)
            self.pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_worker_init)
            for _ in range(jobs):  # start every worker now, not at the first task
                self.pool.submit(os.getpid)

    def start(self, langs: list[str], locked: dict, progress: Progress) -> None:
        """Send every language to the workers now: they load and render them while this
        process loads and validates the project.
        """
        if self.pool is None:
            return
        for lang in langs:
            progress(lang, "started", None)
            self.sent.append(self.pool.submit(load_and_render, lang, self.options, locked.get(lang)))

    def render(self, project: Project, langs: list[str], locked: dict, progress: Progress):
        """Return an iterator of (lang, Rendered or BuildError) in the order they finish."""
        if self.pool is None:
            return self._render_here(project, langs, locked, progress)
        from concurrent.futures import as_completed

        return (future.result() for future in as_completed(self.sent))

    def _render_here(self, project: Project, langs: list[str], locked: dict, progress: Progress):
        if "renderer" not in _WORKER or _WORKER["renderer"].root != self.root:
            _worker_start(self.root)
        for lang in langs:
            progress(lang, "started", None)
            yield _worker_render(lang, project, self.options, locked.get(lang))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if self.pool is not None:
            # On an error (say, a locale that does not validate) do not wait for the workers to
            # finish what they were rendering before reporting it; they end with this process.
            self.pool.shutdown(wait=exc_type is None, cancel_futures=True)
        if self.previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        from concurrent.futures.process import BrokenProcessPool

        if exc_type is not None and issubclass(exc_type, BrokenProcessPool):  # out of memory, or a signal
            raise RenderError("A worker process ended abruptly (out of memory, or killed); the languages it "
                              "had not finished were not published:", [Problem("build", None, None, str(exc[0]))])


def source_date_epoch(factsheet: Factsheet) -> int:
    """The edition date as a Unix time: what reproducible tools stamp instead of 'now'."""
    edition = factsheet.edition.date
    return int(datetime.datetime(edition.year, edition.month, edition.day, tzinfo=datetime.timezone.utc).timestamp())


def render_locale(project: Project, lang: str, renderer, options: BuildOptions,
                  locked: float | None = None) -> Rendered:
    """Render one language, copyfitted to the page budget, and stage its PDF in build/<lang>/."""
    from .copyfit import copyfit
    from .pdf import raise_for_messages

    started = time.perf_counter()
    root = options.root
    doc = project.documents[lang]
    factsheet = project.factsheet
    out_dir = root / BUILD_DIR / lang
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "factsheet.html"
    html_by_size: dict[float, str] = {}

    def layout_at(step):
        from .html import render_html

        html = render_html(doc, step, out_dir)
        html_by_size[step.font_size_pt] = html
        layout = renderer.layout(html, html_path)
        raise_for_messages(layout, f"build/{lang}/factsheet.html", lang)
        log.debug("%s: %.2f pt -> %d pages, last %.0f%% full", lang, step.font_size_pt, layout.pages,
                  100 * layout.last_page_fill)
        return layout

    step, layout = copyfit(lang, factsheet.page_budget, layout_at, locked)
    laid_out = time.perf_counter()
    stage(root / BUILD_DIR, lang, "factsheet.html", html_by_size[step.font_size_pt].encode("utf-8"))
    pdf = renderer.write(layout)
    raise_for_messages(layout, f"build/{lang}/factsheet.html", lang)
    name = output_name(factsheet.document_id, lang, draft=doc.is_draft)
    staged = stage(root / BUILD_DIR, lang, name, pdf)
    log.debug("%s: layout %.2f s (%d tries), write %.2f s", lang, laid_out - started,
              len(html_by_size), time.perf_counter() - laid_out)
    return Rendered(lang, staged, pdf, layout.pages, step.font_size_pt, doc.is_draft,
                    time.perf_counter() - started, kit=options.kit and not doc.is_draft)  # drafts: no kit


def check_locale(project: Project, rendered: Rendered, root: Path, strict: bool = True) -> LocaleResult:
    """Read a rendered PDF back and check it against its locale; raise CheckError if it fails."""
    from .checks import expectation_for, run_checks
    from .checks.runner import failures
    from .readback import read_pdf

    started = time.perf_counter()
    lang, pdf = rendered.lang, rendered.pdf
    factsheet = project.factsheet
    expect = expectation_for(project.documents[lang], project.documents.get(factsheet.source_locale),
                             fonts.pdf_font_names(root))
    results = run_checks(read_pdf(pdf), expect)
    seconds = time.perf_counter() - started
    log.debug("%s: checks %.2f s", lang, seconds)
    bad = failures(results, strict)
    where = f"build/{lang}/{rendered.staged.name}"
    if bad:
        raise CheckError(f"'{lang}': {len(bad)} check(s) failed on {where}, not published:",
                         [Problem(where, None, r.key, str(r)) for r in bad])
    # The print PDF (made from the checked PDF's bytes) and the cover thumbnail.
    extras = kit.make_extras(root, lang, rendered.staged.name, pdf) if rendered.kit else {}
    seconds = rendered.seconds + time.perf_counter() - started
    return LocaleResult(lang, rendered.staged, rendered.pages, len(pdf), seconds, rendered.font_size_pt, results,
                        rendered.draft, sha256=hashlib.sha256(pdf).hexdigest(), extras=extras)


def build_locale(project: Project, lang: str, renderer, options: BuildOptions,
                 locked: float | None = None) -> LocaleResult:
    """Render, stage and check one language; publishing is the caller's."""
    return check_locale(project, render_locale(project, lang, renderer, options, locked), options.root,
                        options.strict)


@dataclass
class PdfReport:
    """The checks of one PDF file, as `build-factsheet check` reports them."""

    path: Path
    lang: str | None
    pages: int
    results: list[CheckResult]
    seconds: float

    def passed(self, strict: bool) -> bool:
        from .checks.runner import failures

        return bool(self.results) and not failures(self.results, strict)


def check_files(root: Path, paths: list[Path], lang: str | None = None) -> list[PdfReport]:
    """Check factsheet PDFs against the current source: the same checks the build runs.

    Each file's language comes from its /Lang (or `lang`); a file that cannot be read or
    whose language is not configured gets a failing report rather than an exception.
    """
    from .checks import CheckResult, expectation_for, run_checks
    from .readback import read_pdf

    prepare_checks()  # here, not inside the first file's timing
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
