"""Build options -> every publication and language built and checked, compared with output/, a review page; nothing published."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from build_factsheet.project import BuildOptions
from build_factsheet.publish import cache, uptodate
from build_factsheet.publish.cache import CACHE_DIR
from build_factsheet.publish.files import BUILD_DIR, OUTPUT_DIR
from build_factsheet.publish.strings import published_strings, strings_name
from build_factsheet.review.report import LanguageReview, Review
from build_factsheet.review.textdiff import pages_showing, string_changes

log = logging.getLogger("build_factsheet")

REVIEW_DIR = f"{BUILD_DIR}/review"
PAGES_DIR = "pages"   # the page pictures, under REVIEW_DIR


def review(options: BuildOptions, progress=None) -> Review:
    """Build and check every publication and language as `build` does, compare each with what
    output/ holds, write build/review/index.html and the set to publish; publish nothing."""
    from build_factsheet import pipeline
    from build_factsheet.review.approve import record_set
    from build_factsheet.review.page import own_names, write_page

    root = options.root
    snapshot = uptodate.Snapshot(options)  # before anything is read: what the review is made from
    built, everything = pipeline.stage_for_review(options, progress)
    folder = root / REVIEW_DIR
    earlier = set((folder / PAGES_DIR).glob("*.png"))  # pictures of an earlier review: those not made again go
    locales = {item.pub: item.factsheet.locales for item in built}
    names = own_names({lang: settings.cldr for item in built for lang, settings in item.factsheet.locales.items()},
                      root / CACHE_DIR)
    languages = []
    for item in built:
        ready = {result.lang: (result, files) for result, files in item.ready}
        for lang in item.langs:
            settings = locales[item.pub][lang]
            entry = LanguageReview(item.pub, lang, settings.html_lang, settings.dir, "unchanged")
            if lang in item.failed:
                error = item.failed[lang]
                entry.status = "failing"
                entry.problems = [str(problem) for problem in error.problems] or [error.summary]
            elif lang in ready:
                result, files = ready[lang]
                entry.pdf = result.pdf.name
                _compare(root, entry, result.pdf, files, folder)
                if entry.status == "unchanged" and _all_published(root, files):
                    # Rendered again (new code, say) into the very files output/ holds: record
                    # them as current, as a build would, so the next review renders nothing.
                    cache.write_entry(root, pipeline.cache_entry(result, item.keys[lang], item.pub))
            elif lang in item.results:
                entry.pdf = item.results[lang].pdf.name
            languages.append(entry)
    made = {folder / png for entry in languages if entry.comparison
            for change in entry.comparison.pages for png in (change.old_png, change.new_png) if png}
    for stale in earlier - made:
        stale.unlink(missing_ok=True)
    staged = record_set(options, built, everything, languages)
    page = write_page(folder, languages, title="Review before publishing", names=names, root=root)
    result = Review(languages, page, several=len(built) > 1)
    if not any(entry.status == "failing" for entry in languages):
        entries = [f"{CACHE_DIR}/{item.pub}-{lang}.json" for item in built for lang in item.langs]
        snapshot.remember_review(result.summary_lines(), page, entries + staged)
    return result


def _all_published(root: Path, files: list) -> bool:
    """Whether output/ holds each of these files with the same bytes."""
    for item in files:
        target = root / OUTPUT_DIR / item.name
        try:
            data = item.data if item.data is not None else item.staged.read_bytes()
            if not target.is_file() or target.read_bytes() != data:
                return False
        except OSError:
            return False
    return True


def _compare(root: Path, entry: LanguageReview, staged: Path, files: list, folder: Path) -> None:
    """Compare a staged PDF (and the strings it shows) with the one output/ holds."""
    from build_factsheet.review.compare import compare_pdfs

    new_strings = next((json.loads(item.data)["strings"] for item in files
                        if item.name == strings_name(staged.name) and item.data is not None), {})
    published = root / OUTPUT_DIR / staged.name
    if published.is_file():
        entry.links["published PDF"] = f"../../{OUTPUT_DIR}/{staged.name}"
    entry.links["new PDF"] = f"../{staged.parent.name}/{staged.name}"
    if not published.is_file():
        entry.status = "new"
        entry.comparison = compare_pdfs(b"", staged.read_bytes(), folder / PAGES_DIR, entry.label.replace("/", "-"),
                                        folder)
        return
    entry.comparison = compare_pdfs(published.read_bytes(), staged.read_bytes(), folder / PAGES_DIR,
                                    entry.label.replace("/", "-"), folder)
    old_strings = published_strings(root, staged.name)
    entry.strings_recorded = old_strings is not None
    entry.strings = string_changes(old_strings, new_strings) if old_strings is not None else []
    for change in entry.strings:
        if change.kind != "removed":
            change.pages = pages_showing(change.new, entry.comparison.new_page_texts)
    identical = entry.comparison.identical and not entry.strings
    entry.status = "unchanged" if identical else "changed"
