"""source: the factsheet's structure is validated, every problem reported at once with its line."""

import pytest

from build_factsheet.errors import SourceError
from build_factsheet.model.fields import DateValue
from build_factsheet.model.source import load_factsheet

from ..conftest import REPO


def test_real_source_loads():
    factsheet = load_factsheet(REPO)
    assert factsheet.page_budget == 3
    assert len(factsheet.groups["members"]) == 23
    assert factsheet.values["interpol_officers"] == 123
    assert factsheet.values["principals_meeting_date"] == DateValue(
        __import__("datetime").date(2018, 5, 2), "day")
    assert [event for event, _ in factsheet.timeline] == [
        "ga_61_180", "ga_72_195", "principals_meeting", "co_chairs", "technology_brief",
        "high_level_briefing"]
    assert set(factsheet.locales) == {"en", "fr", "es", "ru", "ar", "zh"}
    assert factsheet.locales["ar"].dir == "rtl" and factsheet.locales["zh"].html_lang == "zh-Hans"


def test_every_problem_is_reported_together(mini_project):
    path = mini_project / "source" / "factsheet.yaml"
    text = path.read_text()
    text = text.replace("  page_budget: 1\n", "  page_budget: one\n")          # wrong type
    text = text.replace("  paper: A4\n", "  paper: A4\n  colour: blue\n")       # unknown key
    text = text.replace("  email: team@example.org\n", "  email: ''\n")        # empty string
    text = text.replace("partners: [delta]\n", "")                              # missing key
    text = text.replace("  review: {date: 2019-06-01, precision: month}",
                        "  review: {date: 2019-06-01, precision: week}")        # bad value
    path.write_text(text)
    with pytest.raises(SourceError) as caught:
        load_factsheet(mini_project)
    messages = [str(p) for p in caught.value.problems]
    assert any("key 'document.page_budget': expected a whole number" in m for m in messages)
    assert any(":6: key 'document.colour': unknown key" in m for m in messages)
    assert any("key 'contacts.email': must not be empty" in m for m in messages)
    assert any("missing required key 'partners'" in m for m in messages)
    assert any("key 'values.review.precision': must be one of day, month, year" in m for m in messages)
    assert all(m.startswith("source/factsheet.yaml") or "factsheet.yaml" in m for m in messages)


def test_timeline_must_name_dates_in_order(mini_project):
    path = mini_project / "source" / "factsheet.yaml"
    text = path.read_text().replace(
        "  - {event: founded, when: founded}\n  - {event: review, when: review}\n",
        "  - {event: review, when: review}\n  - {event: founded, when: founded}\n  - {event: x, when: reached}\n")
    path.write_text(text)
    with pytest.raises(SourceError) as caught:
        load_factsheet(mini_project)
    messages = " ".join(str(p) for p in caught.value.problems)
    assert "events must be in date order" in messages
    assert "'reached' must name a date in values" in messages
