"""build-factsheet review / publish on the harbour sample project: what changed, nothing published until publish."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from build_factsheet.cli import main
from build_factsheet.errors import BuildError
from build_factsheet.pipeline import BuildOptions
from build_factsheet.review.approve import SET_FILE, publish_reviewed
from build_factsheet.review.run import review

from .conftest import edit, snapshot

PUB = "kestrel-bay-visitors"
OLD_P1 = "Le port accueille navires et voyageurs"
NEW_P1 = "Le port accueille les navires et les voyageurs"


def by_lang(result):
    return {item.lang: item for item in result.languages}


def test_an_unchanged_project_reviews_as_unchanged_without_rendering(published):
    before = snapshot(published / "output")
    result = review(BuildOptions(root=published))
    assert {item.lang: item.status for item in result.languages} == {"en": "unchanged", "fr": "unchanged",
                                                                      "ar": "unchanged"}
    assert all(item.comparison is None for item in result.languages)  # nothing rendered nor rasterised
    assert not (published / "build" / "review" / "pages").exists()
    assert result.summary_lines() == ["en: unchanged", "fr: unchanged", "ar: unchanged"]
    assert snapshot(published / "output") == before
    html = result.page.read_text(encoding="utf-8")
    assert 'data-locale="ar"' in html and 'dir="rtl"' in html


def test_one_french_string_edited_shows_its_old_and_new_text_and_page(published):
    edit(published / "source" / "locales" / "fr.yaml", OLD_P1, NEW_P1)
    before = snapshot(published / "output")
    runner = CliRunner()
    outcome = runner.invoke(main, ["-C", str(published), "review"])
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.splitlines()[:3] == ["en: unchanged", "fr: 1 string changed, page 1 changed", "ar: unchanged"]
    assert snapshot(published / "output") == before  # review publishes nothing

    record = json.loads((published / SET_FILE).read_text(encoding="utf-8"))
    assert sorted(item["name"] for item in record["files"]) == [
        f"{PUB}-fr.pdf", f"print/{PUB}-fr-print.pdf", f"strings/{PUB}-fr.json", f"thumbnails/{PUB}-fr.png"]

    html = (published / "build" / "review" / "index.html").read_text(encoding="utf-8")
    assert '<tr data-key="welcome.p1" class="changed">' in html
    assert re.search(r"accueille ?<ins> ?les ?</ins> ?navires et ?<ins> ?les ?</ins> ?voyageurs", html)
    assert OLD_P1 in html
    assert 'src="pages/kestrel-bay-visitors-fr-p1-old.png"' in html
    assert (published / "build" / "review" / "pages" / f"{PUB}-fr-p1-new.png").is_file()
    assert not list((published / "build" / "review" / "pages").glob(f"{PUB}-en-*"))  # only fr rasterised

    # publish: exactly fr's files (and the manifest and kit pages that list them).
    outcome = runner.invoke(main, ["-C", str(published), "publish"])
    assert outcome.exit_code == 0, outcome.output
    after = snapshot(published / "output")
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert [name for name in changed if "-fr" in name] == [
        f"{PUB}-fr.pdf", f"print/{PUB}-fr-print.pdf", f"strings/{PUB}-fr.json", f"thumbnails/{PUB}-fr.png"]
    assert set(changed) - {n for n in changed if "-fr" in n} <= {"manifest.json", "contact-sheet.png", "index.html"}
    recorded = json.loads((published / "output" / "strings" / f"{PUB}-fr.json").read_text(encoding="utf-8"))
    assert recorded["strings"]["welcome.p1"].startswith(NEW_P1)
    # What was published is current: a build has nothing left to do, a review sees nothing new.
    assert {item.status for item in review(BuildOptions(root=published)).languages} == {"unchanged"}


def test_publish_refuses_when_a_locale_changed_after_the_review(published):
    locale = published / "source" / "locales" / "fr.yaml"
    edit(locale, OLD_P1, NEW_P1)
    review(BuildOptions(root=published))
    edit(published / "source" / "locales" / "ar.yaml", "قوارب الصيد", "قوارب صيد السمك")
    before = snapshot(published / "output")
    outcome = CliRunner().invoke(main, ["-C", str(published), "publish"])
    assert outcome.exit_code == 1
    assert "changed since it was reviewed; nothing was published" in outcome.output
    assert "source/locales/ar.yaml: changed since the review" in outcome.output
    assert snapshot(published / "output") == before


def test_publish_refuses_when_output_changed_after_the_review(published):
    from build_factsheet import pipeline

    edit(published / "source" / "locales" / "fr.yaml", OLD_P1, NEW_P1)
    review(BuildOptions(root=published))
    pipeline.build(BuildOptions(root=published))  # someone else published meanwhile
    before = snapshot(published / "output")
    with pytest.raises(BuildError) as caught:
        publish_reviewed(published, wait=0)
    assert "output/ changed since the review" in caught.value.render()
    assert snapshot(published / "output") == before


def test_publish_without_a_review_says_so(published):
    outcome = CliRunner().invoke(main, ["-C", str(published), "publish"])
    assert outcome.exit_code == 1
    assert "nothing reviewed to publish: run build-factsheet review first" in outcome.output


def test_a_layout_change_shows_pages_changed_in_every_language_and_no_string(published):
    with (published / "layouts" / "notice.css").open("a", encoding="utf-8") as css:
        css.write("\nh2 { text-decoration: underline; }\n")
    result = review(BuildOptions(root=published))
    languages = by_lang(result)
    assert {lang: item.status for lang, item in languages.items()} == {"en": "changed", "fr": "changed",
                                                                       "ar": "changed"}
    for item in languages.values():
        assert item.strings == [] and item.strings_recorded
        assert item.comparison.changed_pages == [1]
        assert item.comparison.pages[0].boxes
    assert result.summary_lines() == ["en: page 1 changed", "fr: page 1 changed", "ar: page 1 changed"]


def test_a_fresh_clone_with_only_source_and_output_reviews_against_output(published):
    shutil.rmtree(published / "build")  # no cache, no history: only what a release's output/ holds
    edit(published / "source" / "locales" / "fr.yaml", OLD_P1, NEW_P1)
    languages = by_lang(review(BuildOptions(root=published)))
    assert languages["en"].status == languages["ar"].status == "unchanged"  # rendered again, the same bytes
    fr = languages["fr"]
    assert fr.status == "changed"
    assert [(c.key, c.kind, c.pages) for c in fr.strings] == [("welcome.p1", "changed", [1])]
    assert fr.strings[0].old.startswith(OLD_P1) and fr.strings[0].new.startswith(NEW_P1)


def test_a_language_failing_its_checks_is_shown_failing_and_not_published(published):
    long_text = " ".join(["Le port accueille navires et voyageurs depuis toujours."] * 60)
    edit(published / "source" / "locales" / "fr.yaml", f"p1: {OLD_P1}", f"p1: {long_text} {OLD_P1}")
    before = snapshot(published / "output")
    outcome = CliRunner().invoke(main, ["-C", str(published), "review"])
    assert outcome.exit_code == 1
    assert "fr: failing its checks" in outcome.output
    fr_section = (published / "build" / "review" / "index.html").read_text(encoding="utf-8")
    assert 'data-locale="fr" data-status="failing"' in fr_section
    outcome = CliRunner().invoke(main, ["-C", str(published), "publish"])
    assert outcome.exit_code == 1 and "not published" in outcome.output
    assert snapshot(published / "output") == before


def _settle_review(root):
    """Date the review's record two seconds after the newest file it covers, as if that much time had passed."""
    from build_factsheet.publish import uptodate

    path = root / uptodate.REVIEW_MEMO
    memo = json.loads(path.read_text())
    stamps = [stamp for stamp in {**memo["inputs"], **memo["outputs"]}.values() if stamp]
    memo["written_ns"] = max(stamp[2] for stamp in stamps) + 2_000_000_000
    path.write_text(json.dumps(memo))


def _review_in_a_process(root, *args):
    """`build-factsheet review` as a user runs it: its output, exit code and whether it loaded the stages."""
    import subprocess
    import sys

    code = ("import sys\nfrom build_factsheet.cli import main\n"
            f"sys.argv = ['build-factsheet', '-C', {str(root)!r}, 'review', *{list(args)!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    print('exit', exc.code)\n"
            "print('stages loaded:', 'build_factsheet.pipeline' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_a_review_again_with_nothing_changed_says_the_same_without_loading_the_stages(published):
    edit(published / "source" / "locales" / "fr.yaml", OLD_P1, NEW_P1)
    first = _review_in_a_process(published)
    assert first[:3] == ["en: unchanged", "fr: 1 string changed, page 1 changed", "ar: unchanged"]
    assert first[-1] == "stages loaded: True"
    _settle_review(published)
    page = (published / "build" / "review" / "index.html").read_bytes()
    again = _review_in_a_process(published)
    assert again[:-1] == first[:-1] and again[-1] == "stages loaded: False"
    assert (published / "build" / "review" / "index.html").read_bytes() == page


@pytest.mark.parametrize("change", ["locale edited", "picture deleted", "published", "other options"])
def test_after_any_change_since_a_review_the_review_is_made_again(published, change):
    edit(published / "source" / "locales" / "fr.yaml", OLD_P1, NEW_P1)
    _review_in_a_process(published)
    _settle_review(published)
    args = []
    if change == "locale edited":
        edit(published / "source" / "locales" / "fr.yaml", NEW_P1, OLD_P1)  # back as published: unchanged
        expected = "fr: unchanged"
    elif change == "picture deleted":
        (published / "build" / "review" / "pages" / f"{PUB}-fr-p1-new.png").unlink()
        expected = "fr: 1 string changed, page 1 changed"
    elif change == "published":
        publish_reviewed(published, wait=0)
        expected = "fr: unchanged"
    else:
        args, expected = ["--lang", "fr"], "fr: 1 string changed, page 1 changed"
    lines = _review_in_a_process(published, *args)
    assert expected in lines and lines[-1] == "stages loaded: True"
    if change == "picture deleted":
        assert (published / "build" / "review" / "pages" / f"{PUB}-fr-p1-new.png").is_file()


def test_a_review_from_inside_the_project_after_an_edit(published, monkeypatch):
    """`-C .` (the default) with a language to stage: the set names its files relative to the project."""
    edit(published / "source" / "locales" / "fr.yaml", OLD_P1, NEW_P1)
    monkeypatch.chdir(published)
    outcome = CliRunner().invoke(main, ["review"])
    assert outcome.exit_code == 0, outcome.output
    assert "fr: 1 string changed, page 1 changed" in outcome.output.splitlines()
    record = json.loads((published / SET_FILE).read_text(encoding="utf-8"))
    staged = [item["staged"] for item in record["files"] if item["staged"]]
    assert staged and all(not name.startswith(("/", "..")) and (published / name).is_file() for name in staged)
    assert publish_reviewed(published, wait=0)
