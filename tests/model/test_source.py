"""source: the project and its publication are validated, every problem reported at once with its line."""

import datetime

import pytest

from build_factsheet.errors import SourceError
from build_factsheet.model.fields import DateValue
from build_factsheet.model.source import load_factsheet

from ..conftest import REPO


def test_real_source_loads():
    factsheet = load_factsheet(REPO)
    assert factsheet.page_budget == 3 and factsheet.layout.name == "factsheet"
    assert factsheet.collections["members"].kind == "organisation"
    assert len(factsheet.collections["members"].items) == 23
    assert factsheet.values["interpol_officers"] == 123
    assert factsheet.values["principals_meeting_date"] == DateValue(datetime.date(2018, 5, 2), "day")
    timeline = factsheet.collections["timeline"]
    assert [item.id for item in timeline.items] == [
        "ga_61_180", "ga_72_195", "principals_meeting", "co_chairs", "technology_brief", "high_level_briefing"]
    assert timeline.items[0].keys == {"text": "timeline.events.ga_61_180"}
    assert timeline.items[0].values == {"date": "ga_61_180_date"}
    assert factsheet.collections["members"].items[0].optional_keys == {"acronym": "entities.cted.acronym"}
    assert set(factsheet.locales) == {"en", "fr", "es", "ru", "ar", "zh"}
    assert factsheet.locales["ar"].dir == "rtl" and factsheet.locales["zh"].html_lang == "zh-Hans"
    assert factsheet.locales["zh"].script == "han" and factsheet.locales["ru"].status == "released"


def test_required_keys_follow_from_the_layout_the_blocks_and_the_collections():
    required = load_factsheet(REPO).required_keys()
    assert required["meta.title"] == "layouts/factsheet.layout.yaml"
    assert required["offer.heading"] == "sections[1] in source/publications/factsheet.yaml"
    assert required["offer.advantages.relevance"] == "sections[1].blocks[2] in source/publications/factsheet.yaml"
    assert required["technology.chart_caption"] == "sections[7].blocks[1] in source/publications/factsheet.yaml"
    assert required["technology.figures.rapporteurs.text"] == \
        "sections[7].blocks[1] in source/publications/factsheet.yaml (collection technology_figures)"
    assert required["entities.sr_tip.name"].startswith("sections[2].blocks[3]")
    assert "entities.cted.acronym" not in required  # optional: a language may have none
    assert len(required) == 85  # with the 19 acronyms, the 104 strings of each locale


def _problems(root):
    with pytest.raises(SourceError) as caught:
        load_factsheet(root)
    return [str(p) for p in caught.value.problems]


def _edit(path, *replacements):
    text = path.read_text()
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)


def test_every_problem_is_reported_together(mini_project):
    _edit(mini_project / "source" / "factsheet.yaml",
          ("  page_budget: 1\n", "  page_budget: one\n"),                        # wrong type
          ("  paper: A4\n", "  paper: A4\n  colour: blue\n"))                     # unknown key
    _edit(mini_project / "source" / "project.yaml",
          ("  email: team@example.org\n", "  email: ''\n"),                       # empty string
          ("  partners: {kind: organisation, items: [delta]}\n", "  partners: {kind: organisation}\n"),
          ("  review: {date: 2019-06-01, precision: month}", "  review: {date: 2019-06-01, precision: week}"))
    messages = _problems(mini_project)
    assert any("factsheet.yaml:5: key 'document.page_budget': expected a whole number" in m for m in messages)
    assert any("factsheet.yaml:7: key 'document.colour': unknown key" in m for m in messages)
    assert any("project.yaml:9: key 'contacts.email': must not be empty" in m for m in messages)
    assert any("key 'collections.partners': missing required key 'items'" in m for m in messages)
    assert any("key 'values.review.precision': must be one of day, month, year" in m for m in messages)
    # The date that is not one is not a date for the timeline either: named as wrong, not as missing.
    assert any("key 'collections.timeline.items[1].date': 'review' names a value that is wrong "
               "(see values.review)" in m for m in messages)
    assert len(messages) == 6, messages


def test_events_must_name_dates_in_order(mini_project):
    _edit(mini_project / "source" / "project.yaml",
          ("      - {id: founded, date: founded}\n      - {id: review, date: review}\n",
           "      - {id: review, date: review}\n      - {id: founded, date: founded}\n      - {id: x, date: reached}\n"))
    messages = _problems(mini_project)
    assert any(":26: key 'collections.timeline.items[1]': items must be in order of their date" in m
               for m in messages), messages
    assert any(":27: key 'collections.timeline.items[2].date': 'reached' must name a date in values" in m
               for m in messages)


def test_a_cldr_locale_babel_does_not_know_is_reported_at_its_line(real_project):
    project = real_project / "source" / "project.yaml"
    lines = project.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text == "  fr:") + 1
    assert lines[line - 1] == "    cldr: fr"
    lines[line - 1] = "    cldr: xx_QQ"
    project.write_text("\n".join(lines) + "\n")
    with pytest.raises(SourceError) as caught:
        load_factsheet(real_project)
    assert f"source/project.yaml:{line}: key 'languages.fr.cldr': 'xx_QQ' is not a CLDR locale Babel knows" \
        in caught.value.render()
