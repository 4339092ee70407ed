"""cli with several publications: validate checks them all, serve needs --pub, the build's table names each row's publication."""

from click.testing import CliRunner

from build_factsheet.cli import main
from build_factsheet.cli.progress import summary_table
from build_factsheet.stages import LocaleResult


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_validate_checks_every_publication_in_its_own_languages(harbour_two_publications):
    result = run("-C", str(harbour_two_publications), "validate")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["valid: kestrel-bay-ferry-card: en, ar",
                                          "valid: kestrel-bay-visitors: en, fr, ar"]
    result = run("-C", str(harbour_two_publications), "validate", "--lang", "fr")  # the card is not made in French
    assert result.exit_code == 0 and result.output.splitlines() == ["valid: kestrel-bay-visitors: fr"]


def test_validate_reports_what_only_one_publication_lacks(harbour_two_publications):
    card = harbour_two_publications / "source" / "publications" / "card.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace(
        "      - {paragraph: card.p1}\n", "      - {paragraph: card.p1}\n      - {paragraph: card.p2}\n"),
                    encoding="utf-8")
    result = run("-C", str(harbour_two_publications), "validate")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "1 of 2 publication(s) fail (kestrel-bay-ferry-card:" in result.output
    assert "key 'card.p2': missing (needed by sections[0].blocks[1] in source/publications/card.yaml)" in result.output
    assert "kestrel-bay-visitors" not in result.output  # the notice has no problem


def test_serve_without_pub_lists_the_publications_and_exits_2(harbour_two_publications):
    result = run("-C", str(harbour_two_publications), "serve", "--port", "0", "--no-pdf")
    assert result.exit_code == 2
    assert "The project has 2 publications (kestrel-bay-ferry-card, kestrel-bay-visitors): name one with --pub" \
        in result.output
    result = run("-C", str(harbour_two_publications), "serve", "--pub", "card", "--lang", "fr", "--port", "0")
    assert result.exit_code == 2
    assert "'kestrel-bay-ferry-card' is not made in fr (its languages: en, ar)" in result.output
    result = run("-C", str(harbour_two_publications), "serve", "--pub", "leaflet", "--port", "0")
    assert result.exit_code == 2 and "Unknown publication: leaflet" in result.output


def test_serve_shows_the_publication_named(harbour_two_publications):
    from build_factsheet.preview.server import Preview

    preview = Preview(harbour_two_publications, "ar", pdf=False, pub="card")
    assert (preview.pub, preview.langs) == ("kestrel-bay-ferry-card", ["en", "ar"])
    preview.rebuild()
    assert preview.html_stage.errors == [] and "احتفظ بهذه البطاقة" in preview.html
    assert 'data-key="welcome.p1"' not in preview.html  # the visitor notice's own opening


def _result(pub, lang, cached=False):
    return LocaleResult(lang, None, 1, 43_000, 3.2, 12.5, cached=cached, publication=pub)


def test_the_summary_names_each_rows_publication_when_there_are_several():
    table = summary_table([_result("notice", "en"), _result("notice", "fr", True), _result("card", "en")], 5.0)
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["publication", "locale"]
    assert [line.split()[:2] for line in lines[1:4]] == [["notice", "en"], ["notice", "fr"], ["card", "en"]]
    alone = summary_table([_result("notice", "en")], 5.0).splitlines()
    assert alone[0].split()[0] == "locale" and alone[1].split()[0] == "en"


def test_a_build_of_two_publications_says_which_each_row_is(harbour_two_publications):
    result = run("-C", str(harbour_two_publications), "build", "--no-kit", "-j", "1")
    assert result.exit_code == 0, result.output
    rows = [line.split()[:2] for line in result.output.splitlines() if line.startswith("kestrel-bay-") and " " in line]
    assert sorted(row for row in rows if row[1] in ("en", "fr", "ar")) == [
        ["kestrel-bay-ferry-card", "ar"], ["kestrel-bay-ferry-card", "en"],
        ["kestrel-bay-visitors", "ar"], ["kestrel-bay-visitors", "en"], ["kestrel-bay-visitors", "fr"]]


def test_a_language_the_publication_does_not_list_is_refused_at_its_line(harbour_two_publications):
    """The ferry card lists en and ar: `--lang fr` must not publish a French card nobody planned."""
    result = run("-C", str(harbour_two_publications), "build", "--pub", "kestrel-bay-ferry-card", "--lang", "fr")
    assert result.exit_code == 2
    assert "'kestrel-bay-ferry-card' is not made in fr (its languages: en, ar)" in result.output
    assert "publications/card.yaml:7: key 'document.languages'" in result.output
    assert not (harbour_two_publications / "output").exists()
