"""i18n with several publications: one workspace over the union of their keys, status per publication and in total."""

import json
import shutil

from click.testing import CliRunner

from build_factsheet.cli import main
from build_factsheet.i18n.exchange import export_locale
from build_factsheet.i18n.status import project_status, render_table
from build_factsheet.i18n.workspace import open_workspace
from build_factsheet.project import load_project


def run(*args):
    return CliRunner().invoke(main, list(args))


def _drop(root, lang, line):
    path = root / "source" / "locales" / f"{lang}.yaml"
    text = path.read_text(encoding="utf-8")
    assert line in text
    path.write_text(text.replace(line, ""), encoding="utf-8")


def test_the_workspace_holds_every_publication_and_a_shared_string_once(harbour_two_publications):
    ws = open_workspace(harbour_two_publications)
    assert [p.document_id for p in ws.publications] == ["kestrel-bay-ferry-card", "kestrel-bay-visitors"]
    card, notice = ws.publications
    assert "card.p1" in ws.keys_of(card) and "card.p1" not in ws.keys_of(notice)
    assert "welcome.p1" in ws.keys_of(notice) and "welcome.p1" not in ws.keys_of(card)
    assert "fares.heading" in ws.keys_of(card) and "fares.heading" in ws.keys_of(notice)
    assert set(ws.keys_of(card)) | set(ws.keys_of(notice)) == set(ws.english)
    # The source file: no key of one publication reported as unknown to the other.
    source = project_status(ws, ["en"])[0]
    assert source.problems == [] and source.total == len(ws.english)
    po = export_locale(ws, "ar", "po").decode("utf-8")
    assert po.count('msgctxt "fares.heading"') == 1 and po.count('msgctxt "card.p1"') == 1


def test_status_shows_each_publication_and_the_total(harbour_two_publications):
    _drop(harbour_two_publications, "ar", f'card:\n  p1: "احتفظ بهذه البطاقة وأظهرها لطاقم العبارة عند الصعود إلى متنها."\n')
    _drop(harbour_two_publications, "fr", "  heading: Tarifs du bac\n")
    ws = open_workspace(harbour_two_publications)
    statuses = {s.lang: s for s in project_status(ws)}
    total = len(ws.english)
    assert (len(statuses["ar"].translated), statuses["ar"].missing) == (total - 1, ["card.p1"])
    card, notice = (statuses["ar"].publications[p] for p in ("kestrel-bay-ferry-card", "kestrel-bay-visitors"))
    assert (card.missing, card.total, notice.missing) == (["card.p1"], len(ws.keys_of(ws.publications[0])), [])
    # fares.heading is one string to translate, missing from both French publications... but the
    # card is not made in French: only the notice's share is shown.
    assert statuses["fr"].missing == ["fares.heading"]
    assert list(statuses["fr"].publications) == ["kestrel-bay-visitors"]
    assert statuses["fr"].publications["kestrel-bay-visitors"].missing == ["fares.heading"]
    table = render_table(list(statuses.values()))
    assert "By publication" in table
    rows = {tuple(line.split()[:2]): line.split()[2:] for line in table.split("By publication")[1].splitlines()[2:]
            if line.strip()}
    assert rows[("kestrel-bay-ferry-card", "ar")][0] == f"{card.total - 1}/{card.total}"
    assert rows[("kestrel-bay-visitors", "ar")][:2] == [f"{notice.total}/{notice.total}", "100%"]
    assert ("kestrel-bay-ferry-card", "fr") not in rows


def test_status_command_json_lists_each_publication(harbour_two_publications):
    result = run("-C", str(harbour_two_publications), "i18n", "status", "--json", "ar")
    assert result.exit_code == 0, result.output
    locale = json.loads(result.output)["locales"][0]
    assert sorted(locale["publications"]) == ["kestrel-bay-ferry-card", "kestrel-bay-visitors"]
    assert locale["publications"]["kestrel-bay-ferry-card"]["percent"] == 100


def test_a_project_of_one_publication_shows_no_breakdown(harbour_project):
    ws = open_workspace(harbour_project)
    assert all(s.publications == {} for s in project_status(ws))
    assert "By publication" not in render_table(project_status(ws))


def test_a_publication_knows_the_placeholders_its_siblings_layout_fills(harbour_two_publications):
    """The card has a layout of its own that prints no prices; the notice's layout fills {amount}
    in ui.price, a string of the same locale file, and the card must not call it unknown."""
    root = harbour_two_publications
    layouts = root / "layouts"
    for suffix in (".html.j2", ".css"):
        shutil.copy(layouts / f"notice{suffix}", layouts / f"card{suffix}")
    spec = (layouts / "notice.layout.yaml").read_text(encoding="utf-8").replace("template: notice.html.j2",
                                                                                "template: card.html.j2")
    (layouts / "card.layout.yaml").write_text(spec.replace(
        "  ui.price: {role: pattern, placeholders: [amount]}\n", ""), encoding="utf-8")
    card = root / "source" / "publications" / "card.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("layout: notice", "layout: card")
                    .replace("      - {price_list: ferry_fares, caption: fares.caption}\n", ""), encoding="utf-8")
    project = load_project(root, ["en", "ar"], pub="card")
    assert "£{amount}" in project.documents["en"].plain["ui.price"]
    assert run("-C", str(root), "validate").exit_code == 0


def test_a_publications_share_counts_a_plural_message_once_whatever_its_forms():
    from pathlib import Path

    ws = open_workspace(Path(__file__).resolve().parents[2])
    english, russian = project_status(ws, ["en", "ru"])
    factsheet = "icat-factsheet"
    chart = [key for key in ws.messages if key.startswith("technology.figures.")]
    assert len(chart) == 4  # four figures, each one message (Russian writes each in one, few, many, other)
    assert russian.publications[factsheet].total == english.publications[factsheet].total
    assert set(chart) <= set(ws.keys_of(ws.publications[0]))
