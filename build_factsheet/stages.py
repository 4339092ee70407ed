"""One language of a Project -> a rendered, staged PDF -> a checked LocaleResult (no publishing)."""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from build_factsheet.errors import BuildError, CheckError, Problem
from build_factsheet.model import fonts
from build_factsheet.model.sizelock import FitStep
from build_factsheet.model.source import Factsheet
from build_factsheet.options import BuildOptions, LocaleResult
from build_factsheet.project import Project
from build_factsheet.publish.files import BUILD_DIR, output_name, stage

log = logging.getLogger("build_factsheet")


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
    html: str = ""     # the HTML the PDF was laid out from: what the checks expect of it
    leading: float | None = None  # the body's line height where copyfitting opened it
    kept: tuple[str, ...] = ()  # words set unhyphenated (hyphenation.py): the lock records them


def prepare_checks(languages: tuple[str, ...] = (), kit: bool = False) -> None:
    """Import the readers (and the kit's libraries) and load the language models of `languages`,
    while the workers render: then no check's or kit's time includes them."""
    import fontTools.ttLib  # noqa: F401  (read_pdf imports the readers where it needs them)
    import lingua  # noqa: F401
    import pikepdf  # noqa: F401
    import pypdf  # noqa: F401
    import pypdfium2  # noqa: F401

    from build_factsheet import checks, readback  # noqa: F401
    from build_factsheet.checks.language import detector

    if languages and (found := detector(tuple(languages))) is not None:
        found.detect_language_of("warm up")  # lingua loads its models at the first detection
    if kit:  # the print PDF, the thumbnails, the contact sheet and the index page
        import babel.numbers  # noqa: F401
        import babel.units  # noqa: F401
        import jinja2  # noqa: F401
        import PIL.Image  # noqa: F401


def source_date_epoch(factsheet: Factsheet) -> int:
    """The edition date as a Unix time: what reproducible tools stamp instead of 'now'."""
    edition = factsheet.edition.date
    return int(datetime.datetime(edition.year, edition.month, edition.day, tzinfo=datetime.timezone.utc).timestamp())


def first_html(project: Project, lang: str, root: Path, locked: FitStep | None = None) -> dict[FitStep, str]:
    """The HTML of `lang` at the step (body size and leading) copyfit lays out first ({step: HTML}),
    or {} if it cannot be made here (render_locale then says why).

    The build makes it while a worker starts WeasyPrint, so that the worker lays out at once.
    """
    from build_factsheet.render.copyfit import body_leading, body_size, first_step
    from build_factsheet.render.html import render_html

    try:
        step = first_step(body_size(root, lang), body_leading(root, lang), locked)
        return {step: render_html(project.documents[lang], step, root / BUILD_DIR / lang)}
    except BuildError:
        return {}


def render_locale(project: Project, lang: str, renderer, options: BuildOptions,
                  locked: FitStep | None = None, made: dict[FitStep, str] | None = None) -> Rendered:
    """Render one language, copyfitted to the page budget, and stage its PDF in build/<lang>/
    (`made`: its HTML already made at a step, by first_html)."""
    from build_factsheet.render.copyfit import body_leading, body_size, copyfit
    from build_factsheet.render.pdf import raise_for_messages

    started = time.perf_counter()
    root = options.root
    doc = project.documents[lang]
    factsheet = project.factsheet
    out_dir = root / BUILD_DIR / lang
    out_dir.mkdir(parents=True, exist_ok=True)
    html_name = f"{factsheet.document_id}.html"  # one per publication: several may share build/<lang>/
    html_path = out_dir / html_name
    html_by_step: dict[FitStep, str] = {}
    kept_by_step: dict[FitStep, tuple[str, ...]] = {}

    def layout_at(step):
        from build_factsheet.render.hyphenation import lay_out_keeping_words

        def lay_out(html):
            layout = renderer.layout(html, html_path)
            raise_for_messages(layout, f"build/{lang}/{html_name}", lang)
            return layout

        # No word hyphenated across a column or page break: such words are kept whole, laid out again.
        html, layout, kept = lay_out_keeping_words(lay_out, _html_at(doc, step, out_dir, made or {}), step.keep)
        html_by_step[step], kept_by_step[step] = html, tuple(sorted(kept))
        if kept:
            log.debug("%s: %s: kept whole (at a break, or by the lock): %s", lang, step, ", ".join(sorted(kept)))
        log.debug("%s: %s -> %d pages, last %.0f%% full", lang, step, layout.pages, 100 * layout.last_page_fill)
        return layout

    step, layout = copyfit(lang, factsheet.page_budget, layout_at, locked, body=body_size(root, lang),
                           leading=body_leading(root, lang), where=f"build/{lang}/{html_name}")
    laid_out = time.perf_counter()
    stage(root / BUILD_DIR, lang, html_name, html_by_step[step].encode("utf-8"))
    pdf = renderer.write(layout)
    raise_for_messages(layout, f"build/{lang}/{html_name}", lang)
    name = output_name(factsheet.document_id, lang, draft=doc.is_draft)
    staged = stage(root / BUILD_DIR, lang, name, pdf)
    log.debug("%s: layout %.2f s (%d tries), write %.2f s", lang, laid_out - started,
              len(html_by_step), time.perf_counter() - laid_out)
    return Rendered(lang, staged, pdf, layout.pages, step.font_size_pt, doc.is_draft,
                    time.perf_counter() - started, kit=options.kit and not doc.is_draft,  # drafts: no kit
                    html=html_by_step[step], leading=step.leading, kept=kept_by_step[step])


def _html_at(doc, step, out_dir: Path, made: dict[FitStep, str]) -> str:
    """The print HTML at `step`: made already, or made now (Jinja is then loaded in this process)."""
    if step in made:
        return made[step]
    from build_factsheet.render.html import render_html

    return render_html(doc, step, out_dir)


def check_locale(project: Project, rendered: Rendered, root: Path, strict: bool = True,
                 positions=None) -> LocaleResult:
    """Read a rendered PDF back and check it against its locale; raise CheckError if it fails
    (`positions`: pypdfium2's reading of it, made meanwhile elsewhere: readback.read_pdf)."""
    from build_factsheet.checks import expectation_for, run_checks
    from build_factsheet.checks.runner import failures
    from build_factsheet.readback import read_pdf

    started = time.perf_counter()
    lang, pdf = rendered.lang, rendered.pdf
    factsheet = project.factsheet
    expect = expectation_for(project.documents[lang], project.documents.get(factsheet.source_locale),
                             fonts.pdf_font_names(root), rendered.html or None)
    results = run_checks(read_pdf(pdf, positions=positions), expect)
    seconds = time.perf_counter() - started
    log.debug("%s: checks %.2f s", lang, seconds)
    bad = failures(results, strict)
    where = f"build/{lang}/{rendered.staged.name}"
    if bad and rendered.draft and not strict:  # work in progress: what fails it is reported, not fatal
        for r in bad:
            log.warning("warning: %s", Problem(where, None, r.key, str(r)))
        bad = []
    if bad:
        raise CheckError(f"'{lang}': {len(bad)} check(s) failed on {where}, not published:",
                         [Problem(where, None, r.key, str(r)) for r in bad])
    seconds = rendered.seconds + time.perf_counter() - started
    # Its print PDF and thumbnail (kit.make_extras) are the caller's to add: made meanwhile.
    return LocaleResult(lang, rendered.staged, rendered.pages, len(pdf), seconds, rendered.font_size_pt, results,
                        rendered.draft, sha256=hashlib.sha256(pdf).hexdigest(), leading=rendered.leading,
                        kept=rendered.kept)


def build_locale(project: Project, lang: str, renderer, options: BuildOptions,
                 locked: FitStep | None = None) -> LocaleResult:
    """Render, stage and check one language; publishing is the caller's."""
    return check_locale(project, render_locale(project, lang, renderer, options, locked), options.root,
                        options.strict)
