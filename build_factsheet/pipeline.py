"""Project root + languages -> checked PDFs published in output/ (the only module that knows every stage)."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from build_factsheet.errors import BuildError, CheckError, Problem, SourceError, file_error, raise_if_errors
from build_factsheet.model.locales import (available_languages, languages_in_progress, locale_file_problems,
                                           require_languages)
from build_factsheet.model.source import Factsheet, load_publications, publication_files, select_publications
from build_factsheet.project import BuildOptions, Project, load_project
from build_factsheet.publish import cache, kit
from build_factsheet.publish.files import OUTPUT_DIR, Outgoing, publish_set
from build_factsheet.publish.manifest import manifest_text
from build_factsheet.stages import LocaleResult, Progress, check_locale, prepare_checks
from build_factsheet.workers import Workers

__all__ = ["BuildOptions", "LocaleResult", "build"]
log = logging.getLogger("build_factsheet")


def build(options: BuildOptions, progress: Progress | None = None) -> list[LocaleResult]:
    """Build, check and publish each language that changed, one build of a project at a time.

    A second build waits for the first (lock.py), up to options.wait seconds; what a killed build
    left goes first.
    """
    from build_factsheet.publish.lock import build_lock
    from build_factsheet.publish.files import recover_interrupted_set, remove_stale_temporaries

    if not publication_files(options.root):
        load_publications(options.root)  # says why (not a project folder?) before the lock makes build/ here
    try:
        with build_lock(options.root, options.wait):
            for name in recover_interrupted_set(options.root):
                log.warning("output/%s: put back as it was before an interrupted build", name)
            for path in remove_stale_temporaries(options.root):
                log.info("removed %s, left by an interrupted build", path)
            return _build_locked(options, progress)
    except OSError as exc:  # a folder not writable, a full disk, a file that vanished: say which
        raise file_error(exc) from None


def _build_locked(options: BuildOptions, progress: Progress | None = None) -> list[LocaleResult]:
    """Build, check and publish each publication's languages that changed, as one set; raise
    BuildError listing what failed.

    `options.pub` names one publication; without it, every publication of the project is built.
    A language whose inputs (see cache.input_keys) match its last published PDF is not
    rendered at all, and WeasyPrint is not even imported when nothing changed.
    """
    from dataclasses import replace

    progress = progress or (lambda lang, status, result: None)
    root = options.root
    # Every publication, once: the manifest lists them all, whichever this build makes. Their
    # schemas are checked only if something is to be built.
    everything = load_publications(root, check=False)
    publications = select_publications(everything, options.pub) if options.pub is not None else everything
    several = len(publications) > 1
    built = []
    for factsheet in publications:
        langs = options.langs
        if several and langs:  # --lang with every publication: each in those of its languages
            langs = [lang for lang in langs if lang in available_languages(factsheet)] or None
            if langs is None:
                continue
        label = (lambda lang, status, result, pub=factsheet.document_id: progress(f"{pub}/{lang}", status, result)
                 ) if several else progress
        built.append(_build_publication(replace(options, pub=factsheet.document_id, langs=langs), factsheet,
                                        label))
    if not built:
        require_languages(publications[0], options.langs or [])
    _publish_set(root, built, options.kit, everything)
    from build_factsheet.render.copyfit import write_lock

    drafted = []
    for item in built:
        if not options.draft and item.locked != item.before and write_lock(root, item.pub, item.locked):
            changes = ", ".join(f"{item.pub}/{lang} {item.before.get(lang, '-')} -> {item.locked[lang]:g} pt"
                                for lang in sorted(item.locked) if item.before.get(lang) != item.locked[lang])
            log.warning("note: source/copyfit.lock updated (%s): commit it with the source", changes)
    for item in built:
        if item.drafts:
            drafted += _build_drafts(replace(options, pub=item.pub), item.drafts, progress)
    errors = [exc for item in built for exc in item.errors]
    if len(errors) == 1:
        raise errors[0]
    if errors:
        problems = [p for exc in errors for p in (exc.problems or [Problem("build", None, None, exc.summary)])]
        summaries = "; ".join(exc.summary.rstrip(":") for exc in errors)
        count = sum(len(item.langs) for item in built)
        raise BuildError(f"{len(errors)} of {count} language(s) failed: {summaries}", problems)
    results = [item.results[lang] for item in built for lang in item.langs]
    for item in built:
        for lang in item.langs:
            item.results[lang].publication = item.pub
    return results + drafted


@dataclass
class Built:
    """One publication's languages rendered and checked (or cached, or failed), not yet published."""

    factsheet: Factsheet
    langs: list[str]
    keys: dict
    ready: list
    results: dict
    progress: Progress
    locked: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    drafts: list = field(default_factory=list)

    @property
    def pub(self) -> str:
        return self.factsheet.document_id


def _not_used(factsheet: Factsheet) -> frozenset[str]:
    """The locale keys only the project's other publications use (none in a project of one)."""
    if not factsheet.other_keys:
        return frozenset()
    return frozenset(factsheet.other_keys) - set(factsheet.required_keys()) - set(factsheet.optional_keys())


def _build_publication(options: BuildOptions, factsheet: Factsheet, progress: Progress) -> Built:
    """Render and check the languages of one publication that changed; publishing is the caller's."""
    root = options.root
    langs = options.langs or available_languages(factsheet)
    # Languages in progress: drafts, made after the released ones are published, never blocking them.
    drafts = [] if options.langs or options.draft else languages_in_progress(factsheet)
    require_languages(factsheet, langs)
    # Before the input keys hash them: a locale that is a folder, or a link out of the project, is not read.
    raise_if_errors(locale_file_problems(factsheet, langs), "The locale files have {count} problem(s):", SourceError)
    shared = cache.shared_digests(root)
    keys = cache.input_keys(root, langs, factsheet.source_locale, factsheet.source_file,
                            {"draft": options.draft, "strict": options.strict, "kit": options.kit,
                             "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH")}, shared,
                            _not_used(factsheet))
    built = Built(factsheet, langs, keys, [], {}, progress, drafts=drafts)
    todo, durations = [], {}
    for lang in langs:
        entry = cache.read_entry(root, factsheet.document_id, lang)
        # Expected cost: last build's time, or else the locale's length (longer text, longer layout).
        locale = root / "source" / "locales" / f"{lang}.yaml"
        durations[lang] = entry.seconds if entry else (locale.stat().st_size / 1e5 if locale.exists() else 0.0)
        if not options.draft and cache.is_fresh(root, entry, keys[lang], root / OUTPUT_DIR):
            built.results[lang] = LocaleResult(lang, root / OUTPUT_DIR / entry.pdf, entry.pages, entry.bytes, 0.0,
                                               entry.body_pt, cached=True, sha256=entry.sha256)
            progress(lang, "cached", built.results[lang])
        else:
            todo.append(lang)
    if todo:
        todo.sort(key=lambda lang: -durations[lang])  # slowest first keeps the workers evenly busy
        # Start the workers first: they load and render while this process validates.
        with Workers(factsheet, options, len(todo)) as workers:
            from build_factsheet.render.copyfit import read_lock

            built.locked = read_lock(root, factsheet.document_id)
            built.before = dict(built.locked)
            workers.start(todo, built.locked, progress)  # the workers need nothing of what follows
            project = load_project(root, todo, options.draft, factsheet, options.pub)
            rendered = workers.render(project, todo, built.locked, progress)
            if workers.pool is not None:
                prepare_checks(tuple(factsheet.locales), kit=options.kit)  # while the workers render
            built.ready = _collect(rendered, project, options.strict, root, keys, built.errors, progress)
    return built


def _build_drafts(options: BuildOptions, drafts: list[str], progress: Progress | None) -> list[LocaleResult]:
    """Make the languages in progress as stamped drafts in build/: never published, what fails them only warnings."""
    from dataclasses import replace

    try:
        results = _build_locked(replace(options, langs=drafts, draft=True, strict=False), progress)
    except BuildError as exc:
        for problem in exc.problems or []:
            log.warning("warning: %s", problem)
        log.warning("warning: in progress, not made as a draft: %s", exc.summary.rstrip(":"))
        return []
    for result in results:
        log.warning("note: '%s' is in progress: its draft is %s (not published)", result.lang,
                    os.path.relpath(result.pdf, options.root) if result.pdf else "-")
    return results


def _collect(outcomes, project: Project, strict: bool, root: Path, keys: dict, errors: list,
             progress: Progress) -> list[tuple[LocaleResult, list]]:
    """Check each language as it is rendered; return those that passed with the files to publish
    for each, and note each failure.

    The checks run here, in the main process, while the workers render: they need the
    check libraries loaded once, not once per worker, and a build of one language uses the
    second core for them instead of leaving it idle. Publishing waits for the last check, so
    that a build stopped at any moment before then leaves output/ as it was: the last good set.
    """
    ready = []
    for lang, outcome in outcomes:
        if not isinstance(outcome, BuildError):
            try:
                progress(lang, "checking", None)
                result = check_locale(project, outcome, root, strict)
                ready.append((result, _publish(root, result, keys[lang])))
                progress(lang, "checked", None)
                continue
            except BuildError as exc:
                outcome = exc
        errors.append(outcome)
        progress(lang, "failed", None)
    return ready


def _publish_set(root: Path, built: list[Built], kit_wanted: bool, everything: list[Factsheet]) -> None:
    """Publish the checked languages of every publication built, their kit files, the manifest
    and the kit's pages as one set.

    The manifest lists every publication of the project: those not built keep their published
    files. The manifest and the kit's pages are made for the set about to be published, from the
    staged files; then every file moves into output/, or none does (files.publish_set).
    Only then are the cache entries written.
    """
    pending, outgoing = {}, []
    for item in built:
        for r, files in item.ready:
            if not r.draft:  # a draft stays in build/: never published
                pending[item.pub, r.lang] = _cache_entry(r, item.keys[r.lang], item.pub)
                outgoing += files
    text = manifest_text(root, pending, {item.pub: item.langs for item in built}, everything)
    kit_pages = None
    if text is not None:
        outgoing.append(Outgoing("manifest.json", hashlib.sha256(text.encode()).hexdigest(), data=text.encode(),
                                 what="output/manifest.json"))
        if kit_wanted:  # contact sheet and index.html, when what they show changed
            staged = {item.name: item.staged for item in outgoing if item.staged is not None}
            kit_pages = kit.prepare(root, text, lambda name: staged.get(name, root / OUTPUT_DIR / name))
            outgoing += kit.pages_to_publish(kit_pages)
    publish_set(root, outgoing)
    kit.record_pages(root, kit_pages)
    for item in built:
        for result, _ in item.ready:
            if not result.draft:
                cache.write_entry(root, pending[item.pub, result.lang])
                result.pdf = root / OUTPUT_DIR / result.pdf.name
            item.results[result.lang] = result
            item.locked[result.lang] = result.font_size_pt
            item.progress(result.lang, "done", result)


def _publish(root: Path, result: LocaleResult, key: str) -> list[Outgoing]:
    """The files of a checked language to publish (its PDF and kit files), if still the checked ones."""
    staged = result.pdf
    for what, path, sha256 in [("PDF", staged, result.sha256),
                               *((f"{kind} file", item.path, item.sha256) for kind, item in result.extras.items())]:
        try:
            changed = cache.sha256_file(path) != sha256
        except OSError as exc:
            raise file_error(exc, f"'{result.lang}': cannot read the staged {what}",
                             " (was build/ deleted during the build?); not published") from None
        if changed:
            raise CheckError(f"'{result.lang}': the staged {what} changed after its checks, not published:",
                             [Problem(str(path.relative_to(root)), None, None, "sha256 differs from the checked file")])
    if result.draft:
        return []
    return [Outgoing(staged.name, result.sha256, staged=staged, what=f"'{result.lang}' PDF"),
            *kit.publish_extras(result.lang, result.extras)]


def _cache_entry(result: LocaleResult, key: str, publication: str) -> cache.CacheEntry:
    """What the cache records of a language once its staged files are published."""
    extras = {kind: {"file": item.name, "sha256": item.sha256, "bytes": item.path.stat().st_size}
              for kind, item in result.extras.items()}
    return cache.CacheEntry(result.lang, key, result.pdf.name, result.sha256, result.size, result.pages,
                            result.font_size_pt, result.checks_passed, round(result.seconds, 2), extras,
                            publication)
