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
from build_factsheet.model.sizelock import LOCK_FILE, read_lock, step_of, write_lock
from build_factsheet.model.source import Factsheet, load_publications, publication_files, select_publications
from build_factsheet.options import BuildOptions, LocaleResult, Progress
from build_factsheet.project import Project, load_project
from build_factsheet.publish import cache, kit, kitpage, strings, uptodate
from build_factsheet.publish.files import OUTPUT_DIR, Outgoing, publish_set
from build_factsheet.publish.manifest import manifest_text
from build_factsheet.stages import check_locale, prepare_checks
from build_factsheet.workers import Workers, close_workers, start_workers

__all__ = ["BuildOptions", "LocaleResult", "build"]
log = logging.getLogger("build_factsheet")


def build(options: BuildOptions, progress: Progress | None = None) -> list[LocaleResult]:
    """Build, check and publish each language that changed, one build of a project at a time.

    A second build waits for the first (lock.py), up to options.wait seconds; what a killed build
    left goes first.
    """
    from build_factsheet.publish.lock import build_lock
    from build_factsheet.publish.files import recover_interrupted_set, remove_stale_temporaries

    if (current := uptodate.current_results(options, progress)) is not None:
        return current
    snapshot = uptodate.Snapshot(options)  # before anything is read: what the results are made from
    if not publication_files(options.root):
        load_publications(options.root)  # says why (not a project folder?) before the lock makes build/ here
    if snapshot.inputs_changed():  # an edit since the last good build: a worker starts WeasyPrint while the project loads
        start_workers(options)
    try:
        with build_lock(options.root, options.wait):
            for name in recover_interrupted_set(options.root):
                log.warning("output/%s: put back as it was before an interrupted build", name)
            for path in remove_stale_temporaries(options.root):
                log.info("removed %s, left by an interrupted build", path)
            results = _build_locked(options, progress)
            snapshot.wrote(options.root / LOCK_FILE)
            several = len({r.publication for r in results}) > 1
            snapshot.remember([(f"{r.publication}/{r.lang}" if several else r.lang, r.publication, r)
                               for r in results])
            return results
    except OSError as exc:  # a folder not writable, a full disk, a file that vanished: say which
        raise file_error(exc) from None
    finally:
        close_workers()


def _build_locked(options: BuildOptions, progress: Progress | None = None) -> list[LocaleResult]:
    """Build, check and publish each publication's languages that changed, as one set; raise
    BuildError listing what failed.

    `options.pub` names one publication; without it, every publication of the project is built.
    A language whose inputs (see cache.input_keys) match its last published PDF is not
    rendered at all, and WeasyPrint is not even imported when nothing changed.
    """
    built, everything = _stage(options, progress)
    _publish_set(options.root, built, options.kit, everything)
    return _after_publishing(options, built, progress)


def stage_for_review(options: BuildOptions, progress: Progress | None = None) -> tuple[list[Built], list[Factsheet]]:
    """Render and check every publication's languages that changed, exactly as a build does,
    under the build lock, and publish nothing: (what was built, every publication)."""
    from dataclasses import replace

    from build_factsheet.publish.lock import build_lock

    if not publication_files(options.root):
        load_publications(options.root)
    options = replace(options, draft=False)  # drafts are never published, so never reviewed
    try:
        with build_lock(options.root, options.wait):
            return _stage(options, progress, drafts=False)
    except OSError as exc:
        raise file_error(exc) from None
    finally:
        close_workers()


def _stage(options: BuildOptions, progress: Progress | None, drafts: bool = True) -> tuple[list[Built], list]:
    """Render and check each publication's languages that changed; nothing is published."""
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
        if not drafts:
            built[-1].drafts = []
    if not built:
        require_languages(publications[0], options.langs or [])
    return built, everything


def _after_publishing(options: BuildOptions, built: list[Built], progress: Progress | None) -> list[LocaleResult]:
    """Once the set is published: the copyfit lock, the drafts, and the failures raised together."""
    from dataclasses import replace

    if not options.draft:
        write_copyfit_locks(options.root, [(item.pub, item.before, item.locked) for item in built])
    drafted = []
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
    for item in built:
        for lang in item.langs:
            item.results[lang].publication = item.pub
    return [item.results[lang] for item in built for lang in item.langs] + drafted


def write_copyfit_locks(root: Path, locks: list[tuple[str, dict, dict]]) -> None:
    """Record the body sizes and leadings a published set was laid out at ((publication, before, now)),
    where they changed."""
    for pub, before, locked in locks:
        if locked != before and write_lock(root, pub, locked):
            changes = ", ".join(f"{pub}/{lang} {before.get(lang, '-')} -> {locked[lang]}"
                                for lang in sorted(locked) if before.get(lang) != locked[lang])
            log.warning("note: source/copyfit.lock updated (%s): commit it with the source", changes)


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
    failed: dict = field(default_factory=dict)  # lang -> the BuildError that stopped it

    @property
    def pub(self) -> str:
        return self.factsheet.document_id


def _not_used(factsheet: Factsheet) -> frozenset[str]:
    """The locale keys only the project's other publications use (none in a project of one)."""
    if not factsheet.other_keys:
        return frozenset()
    return frozenset(factsheet.other_keys) - set(factsheet.required_keys()) - set(factsheet.optional_keys())


def input_keys(options: BuildOptions, factsheet: Factsheet, langs: list[str],
               shared: dict[str, str] | None = None) -> dict[str, str]:
    """Each language's input key for a build of `factsheet` with `options` (cache.input_keys)."""
    return cache.input_keys(options.root, langs, factsheet.source_locale, factsheet.source_file,
                            {"draft": options.draft, "strict": options.strict, "kit": options.kit,
                             "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH")},
                            shared or cache.shared_digests(options.root), _not_used(factsheet))


def _build_publication(options: BuildOptions, factsheet: Factsheet, progress: Progress) -> Built:
    """Render and check the languages of one publication that changed; publishing is the caller's."""
    root = options.root
    langs = options.langs or available_languages(factsheet)
    # Languages in progress: drafts, made after the released ones are published, never blocking them.
    drafts = [] if options.langs or options.draft else languages_in_progress(factsheet)
    require_languages(factsheet, langs)
    # Before the input keys hash them: a locale that is a folder, or a link out of the project, is not read.
    raise_if_errors(locale_file_problems(factsheet, langs), "The locale files have {count} problem(s):", SourceError)
    keys = input_keys(options, factsheet, langs)
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
        # The workers start WeasyPrint while the project loads here; then they are sent it.
        with Workers(factsheet, options, len(todo)) as workers:
            built.locked = read_lock(root, factsheet.document_id)
            built.before = dict(built.locked)
            project = load_project(root, todo, options.draft, factsheet, options.pub)
            workers.start(project, todo, built.locked, progress, durations)
            rendered = workers.render(project, todo, built.locked, progress)
            if workers.pool is not None:
                prepare_checks(tuple(factsheet.locales), kit=options.kit)  # while the workers render
                if options.kit:
                    kitpage.warm_up(root, factsheet)
            built.ready = _collect(rendered, project, options.strict, root, keys, built.errors, progress,
                                   workers, built.failed)
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
             progress: Progress, workers: Workers, failed: dict | None = None) -> list[tuple[LocaleResult, list]]:
    """Check each language as it is rendered; return those that passed with the files to publish
    for each, and note each failure.

    The checks run here, in the main process, while the workers render: they need the
    check libraries loaded once, not once per worker, and a build of one language uses the
    second core for them instead of leaving it idle. Meanwhile a worker makes the language's
    print PDF and thumbnail (Workers.extras), taken once every language is checked; with one
    language to render, it first reads the PDF's text positions for the checks (Workers.positions).
    Publishing waits for the last check, so that a build stopped at any moment before then
    leaves output/ as it was: the last good set.
    """
    checked = []
    for lang, outcome in outcomes:
        if not isinstance(outcome, BuildError):
            try:
                positions = workers.positions(outcome)  # first: the checks wait for them
                kit_files = workers.extras(outcome) if outcome.kit else dict
                progress(lang, "checking", None)
                checked.append((check_locale(project, outcome, root, strict, positions), kit_files))
                progress(lang, "checked", None)
                continue
            except BuildError as exc:
                outcome = exc
        errors.append(outcome)
        if failed is not None:
            failed[lang] = outcome
        progress(lang, "failed", None)
    ready = []
    for result, kit_files in checked:
        try:
            result.extras = kit_files()
            ready.append((result, _publish(root, result, keys[result.lang])))
        except BuildError as exc:
            errors.append(exc)
            if failed is not None:
                failed[result.lang] = exc
            progress(result.lang, "failed", None)
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
                pending[item.pub, r.lang] = cache_entry(r, item.keys[r.lang], item.pub)
                outgoing += files
    publish_files(root, pending, outgoing, {item.pub: item.langs for item in built}, kit_wanted, everything)
    for item in built:
        for result, _ in item.ready:
            if not result.draft:
                result.pdf = root / OUTPUT_DIR / result.pdf.name
            item.results[result.lang] = result
            item.locked[result.lang] = step_of(result)
            item.progress(result.lang, "done", result)


def publish_files(root: Path, pending: dict, outgoing: list[Outgoing], building: dict[str, list[str]],
                  kit_wanted: bool, everything: list[Factsheet]) -> list[str]:
    """Publish checked files with the manifest and kit pages of the set they make, whole or not at all,
    then record their cache entries (`pending`: (publication, lang) -> cache.CacheEntry)."""
    outgoing = list(outgoing)
    text = manifest_text(root, pending, building, everything)
    kit_pages = None
    if text is not None:
        outgoing.append(Outgoing("manifest.json", hashlib.sha256(text.encode()).hexdigest(), data=text.encode(),
                                 what="output/manifest.json"))
        if kit_wanted:  # contact sheet and index.html, when what they show changed
            staged = {item.name: item.staged for item in outgoing if item.staged is not None}
            kit_pages = kit.prepare(root, text, lambda name: staged.get(name, root / OUTPUT_DIR / name),
                                    everything[0])
            outgoing += kit.pages_to_publish(kit_pages)
    written = publish_set(root, outgoing)
    kit.record_pages(root, kit_pages)
    for entry in pending.values():
        cache.write_entry(root, entry)
    return written


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
                             [Problem(os.path.relpath(path.resolve(), root.resolve()), None, None,
                                      "sha256 differs from the checked file")])
    if result.draft:
        return []
    return [Outgoing(staged.name, result.sha256, staged=staged, what=f"'{result.lang}' PDF"),
            *kit.publish_extras(result.lang, result.extras), *strings.record(staged)]


def cache_entry(result: LocaleResult, key: str, publication: str) -> cache.CacheEntry:
    """What the cache records of a language once its staged files are published."""
    extras = {kind: {"file": item.name, "sha256": item.sha256, "bytes": item.path.stat().st_size}
              for kind, item in result.extras.items()}
    return cache.CacheEntry(result.lang, key, result.pdf.name, result.sha256, result.size, result.pages,
                            result.font_size_pt, result.checks_passed, round(result.seconds, 2), extras,
                            publication)
