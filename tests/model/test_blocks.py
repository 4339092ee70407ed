"""blocks: each block is checked against its kind's schema (layouts/blocks/<kind>.schema.yaml), problems at file:line."""

import pytest

from build_factsheet.model.source import load_factsheet

from .test_source import _edit, _problems


@pytest.fixture(autouse=True)
def _in_project(mini_project, monkeypatch):
    monkeypatch.chdir(mini_project)  # messages name files relative to where the command runs


def test_schema_errors_are_reported_at_the_line_and_key_of_the_block(mini_project):
    _edit(mini_project / "source" / "factsheet.yaml",
          ("      - {entity_grid: members, heading: groups.members}",
           "      - {entity_grid: members, heading: 3}"),                                # wrong type
          ("      - {entity_list: working_group, heading: groups.working}",
           "      - {entity_list: working_group}"),                                      # missing property
          ("      - {paragraph: intro.p2}", "      - {paragraph: intro.p2, colour: blue}"),  # unknown property
          ("      - {timeline: timeline}", "      - {timeline: members}"),                # collection of another kind
          ("      - {brief_list: policy_briefs}", "      - {brief_list: briefs}"),          # no such collection
          ("      - {ordered_list: [offer.one, offer.two]}", "      - {ordered_list: [offer.one, 'two words']}"))
    messages = _problems(mini_project)
    assert messages == [
        "source/factsheet.yaml:13: key 'sections[0].blocks[1].colour': unknown key (expected one of: text)",
        "source/factsheet.yaml:18: key 'sections[1].blocks[1].ordered_list[1]': 'two words' is not a locale key "
        "(names joined by dots, such as about.p1)",
        "source/factsheet.yaml:22: key 'sections[2].blocks[0].heading': expected text, got a number (3)",
        "source/factsheet.yaml:23: key 'sections[2].blocks[1]': missing required key 'heading'",
        "source/factsheet.yaml:28: key 'sections[3].blocks[0].timeline': collection 'members' is of kind "
        "organisation, not event (collections of kind event: timeline)",
        "source/factsheet.yaml:33: key 'sections[4].blocks[1].brief_list': no collection 'briefs' in "
        "source/project.yaml (collections of kind reference: policy_briefs)",
    ]


def test_an_unknown_block_kind_names_the_kinds_there_are(mini_project):
    _edit(mini_project / "source" / "factsheet.yaml", ("      - {paragraph: offer.p1}", "      - {pargraph: offer.p1}"))
    [message] = _problems(mini_project)
    assert message.startswith("source/factsheet.yaml:17: key 'sections[1].blocks[0]': unknown block kind 'pargraph' "
                              "(known kinds: brief_list, entity_acronyms, entity_grid, entity_list, figure_chart, "
                              "lead, ordered_list, paragraph, timeline;")


def test_the_long_form_names_the_kind_and_its_properties(mini_project):
    _edit(mini_project / "source" / "factsheet.yaml",
          ("      - {paragraph: offer.p1}", "      - {kind: paragraph, text: offer.p1}"),
          ("      - {paragraph: reach.p1}", "      - {kind: paragraf, text: reach.p1}"))
    [message] = _problems(mini_project)
    assert message.startswith("source/factsheet.yaml:32: key 'sections[4].blocks[0].kind': unknown block kind "
                              "'paragraf'")
    _edit(mini_project / "source" / "factsheet.yaml", ("{kind: paragraf, text: reach.p1}", "{kind: paragraph, text: reach.p1}"))
    factsheet = load_factsheet(mini_project)
    block = factsheet.sections[1].blocks[0]
    assert (block.kind, block.data, block.keys) == ("paragraph", {"text": "offer.p1"}, ("offer.p1",))


def test_a_broken_schema_is_reported_in_its_own_file(mini_project):
    schema = mini_project / "layouts" / "blocks" / "paragraph.schema.yaml"
    schema.write_text(schema.read_text().replace("type: object", "type: objekt"))
    messages = _problems(mini_project)
    assert len(messages) == 1
    assert messages[0].startswith("layouts/blocks/paragraph.schema.yaml:3: key 'type': not a valid JSON Schema:")


def test_a_kind_with_a_template_but_no_schema_says_what_is_missing(mini_project):
    (mini_project / "layouts" / "blocks" / "quote.html.j2").write_text("<blockquote>{{ doc.t(block.text) }}</blockquote>\n")
    _edit(mini_project / "source" / "factsheet.yaml", ("      - {paragraph: offer.p1}", "      - {quote: offer.p1}"))
    assert _problems(mini_project) == [
        "source/factsheet.yaml:17: key 'sections[1].blocks[0]': block kind 'quote' has layouts/blocks/quote.html.j2 "
        "but no quote.schema.yaml beside it: a kind is its template and the schema of what it takes"]
