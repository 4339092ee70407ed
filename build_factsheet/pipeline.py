"""Project root + languages -> checked PDFs published in output/ (the only module that knows every stage)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from build_factsheet.errors import BuildError, CheckError, Problem, SourceError
from build_factsheet.model.locales import available_languages
from build_factsheet.model.source import load_factsheet
from build_factsheet.project import BuildOptions, Project, load_project
from build_factsheet.publish import cache, kit
from build_factsheet.publish.files import OUTPUT_DIR, publish
from build_factsheet.publish.manifest import manifest_text, write_manifest
from build_factsheet.stages import LocaleResult, Progress, check_locale, prepare_checks
from build_factsheet.workers import Workers

__all__ = ["BuildOptions", "LocaleResult", "build"]
log = logging.getLogger("build_factsheet")


def build(options: BuildOptions, progress: Progress | None = None) -> list[LocaleResult]:
    """Build, check and publish each language that changed, one build of a project at a time.

    A second build waits for the first (lock.py); the temporary files of a killed build go first.
    """
    from build_factsheet.publish.lock import build_lock
    from build_factsheet.publish.files import remove_stale_temporaries

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
    factsheet = load_factsheet(root, check=False)  # its schemas are checked only if something is to be built
    langs = options.langs or available_languages(factsheet)
    unknown = [lang for lang in langs if lang not in factsheet.locales]
    if unknown:
        raise SourceError("Unknown language(s):", [factsheet.language_problem(lang) for lang in unknown])
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
        with Workers(factsheet, options, len(todo)) as workers:
            from build_factsheet.render.copyfit import read_lock, write_lock

            locked = read_lock(root)
            before = dict(locked)
            workers.start(todo, locked, progress)  # the workers need nothing of what follows
            project = load_project(root, todo, options.draft, factsheet)
            rendered = workers.render(project, todo, locked, progress)
            if workers.pool is not None:
                prepare_checks(tuple(factsheet.locales))  # while the workers render
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
