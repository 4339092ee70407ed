"""A project root + languages -> a loaded, validated and localised Project (no rendering)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from build_factsheet.errors import Problem, SourceError, raise_if_errors
from build_factsheet.model import fonts
from build_factsheet.model.fontfiles import check_font_files
from build_factsheet.model.locales import available_languages, require_languages
from build_factsheet.model.source import Factsheet, load_publications
from build_factsheet.options import BuildOptions

if TYPE_CHECKING:  # imported where used: a build with nothing to do stays fast
    from build_factsheet.localise.document import LocalisedDocument
    from build_factsheet.model.locales import Catalog

log = logging.getLogger("build_factsheet")


@dataclass
class Project:
    """A loaded and validated project: the source, its catalogs, and the localised documents."""

    factsheet: Factsheet
    catalogs: dict[str, Catalog]
    documents: dict[str, LocalisedDocument]


def load_publication(root: Path, pub: str | None = None, check: bool = True) -> Factsheet:
    """The publication named `pub` (its id or file name), or the project's only one; raise UsageError
    when the project has several and none is named."""
    from build_factsheet.errors import UsageError

    publications = load_publications(root, check, only=pub)
    if len(publications) > 1:
        names = ", ".join(p.document_id for p in publications)
        raise UsageError(f"The project has {len(publications)} publications ({names}): name one with --pub",
                         [Problem(p.source_file, None, None, f"publication '{p.document_id}'") for p in publications])
    return publications[0]


def load_projects(root: Path, langs: list[str] | None = None, draft: bool = False) -> dict[str, Project]:
    """Every publication of the project loaded as load_project does, by id; raise listing every
    publication's problems.

    `langs` narrows each publication to those of its languages; a publication that has none of
    them is left out (unless none has any: then the languages are not the project's, said once).
    """
    publications = load_publications(root)
    chosen = {p.document_id: [lang for lang in langs if p.languages is None or lang in p.languages] if langs else None
              for p in publications}
    if langs and not any(chosen.values()):
        require_languages(publications[0], langs)
    projects, errors = {}, []
    publications = [p for p in publications if not langs or chosen[p.document_id]]
    for publication in publications:
        try:
            projects[publication.document_id] = load_project(root, chosen[publication.document_id], draft,
                                                             publication)
        except SourceError as exc:
            errors.append((publication, exc))
    distinct = {(exc.summary, tuple(exc.problems)) for _, exc in errors}
    if len(distinct) == 1 and len(errors) == len(publications):
        # One problem of what they share (a locale file, the project file): said once, as a build says it.
        raise errors[0][1]
    if errors:  # each publication's problems, once each: two that share a locale report it alike
        problems = list(dict.fromkeys(p for _, exc in errors for p in exc.problems or []))
        which = ", ".join(f"{publication.document_id}: {exc.summary.rstrip(':')}" for publication, exc in errors)
        raise SourceError(f"{len(errors)} of {len(publications)} publication(s) fail ({which}):", problems)
    return projects


def load_project(root: Path, langs: list[str] | None = None, draft: bool = False,
                 factsheet: Factsheet | None = None, pub: str | None = None) -> Project:
    """Load, validate and localise everything before anything renders; raise listing every problem."""
    from build_factsheet.i18n.qa import check_quality
    from build_factsheet.i18n.status import kit_problems
    from build_factsheet.i18n.workspace import Workspace
    from build_factsheet.model.locales import load_catalogs
    from build_factsheet.localise.document import localise

    factsheet = factsheet or load_publication(root, pub)
    require_languages(factsheet, langs or [])
    factsheet.check()  # blocks, items and contacts against their schemas, if the caller has not yet
    langs = langs or available_languages(factsheet)
    catalogs = load_catalogs(factsheet, list(dict.fromkeys([factsheet.source_locale, *langs])), draft=draft)
    # The fonts first: a damaged or wrong font file would make every coverage finding wrong.
    raise_if_errors(check_font_files(root), "{count} problem(s) with the brand or its fonts (layouts/brand.yaml, assets/fonts/):", SourceError)
    problems: list[Problem] = []
    for lang in langs:
        problems += fonts.check_coverage(root, catalogs[lang])
    raise_if_errors(problems, "{count} character(s) cannot be drawn with the vendored fonts:", SourceError)
    source = catalogs[factsheet.source_locale]
    allowed = factsheet.proper_names + factsheet.identical_ok  # may stay as the English has them
    may_stay = factsheet.keys_that_may_stay()
    problems = []
    for lang in langs:
        found = check_quality(catalogs[lang], source, allowed, may_stay)
        # A language in progress never blocks a build: what QA finds in it is a warning.
        problems += [replace(p, severity="warning") for p in found] if catalogs[lang].in_progress else found
        problems += catalogs[lang].warnings
    # The kit page's words too: a broken {count} would otherwise surface only when the page is made.
    kit_found = kit_problems(Workspace(root, factsheet, source, []), langs)
    in_progress = {catalogs[lang].path.stem for lang in langs if catalogs[lang].in_progress}
    problems += [replace(p, severity="warning") if Path(p.path).stem in in_progress else p for p in kit_found]
    for problem in problems:
        if problem.severity == "warning":
            log.warning("warning: %s", problem)
    raise_if_errors(problems, "The translations fail {count} QA check(s):", SourceError)
    documents = {lang: localise(factsheet, catalogs[lang]) for lang in catalogs}
    return Project(factsheet, {lang: catalogs[lang] for lang in langs}, documents)
