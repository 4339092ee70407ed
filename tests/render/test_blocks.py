"""Block kinds and collections are data: adding, removing or repeating one needs files, never Python."""

import re

import yaml

from build_factsheet import pipeline
from build_factsheet.checks.expected import read_promises
from build_factsheet.project import load_project
from build_factsheet.render.html import FitStep, render_html

QUOTE_TEMPLATE = """<blockquote class="quote" data-key="{{ block.text }}">{{ doc.t(block.text) }}</blockquote>
"""
QUOTE_SCHEMA = """# A quotation set apart: {quote: <key>}
$schema: https://json-schema.org/draft/2020-12/schema
type: object
x-shorthand: text
properties:
  text: {type: string, x-locale-key: true}
required: [text]
additionalProperties: false
"""


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _html(root, lang="en"):
    project = load_project(root, [lang])
    return render_html(project.documents[lang], FitStep(9), root / "build" / lang)


def test_a_block_kind_is_two_files_and_builds(mini_project):
    blocks = mini_project / "layouts" / "blocks"
    (blocks / "quote.html.j2").write_text(QUOTE_TEMPLATE)
    (blocks / "quote.schema.yaml").write_text(QUOTE_SCHEMA)
    _replace(mini_project / "source" / "factsheet.yaml", "      - {paragraph: intro.p2}\n",
             "      - {paragraph: intro.p2}\n      - {quote: intro.quote}\n")
    locales = mini_project / "source" / "locales"
    _replace(locales / "en.yaml", "intro:\n", "intro:\n  quote: Coordination is a habit, not a meeting.\n")
    _replace(locales / "fr.yaml", "intro:\n", "intro:\n  quote: La coordination est une habitude, pas une réunion.\n")
    results = {r.lang: r for r in pipeline.build(pipeline.BuildOptions(root=mini_project, jobs=1))}
    assert all(r.checks_passed == len(r.checks) for r in results.values())
    html = (mini_project / "build" / "fr" / "mini.html").read_text()
    assert '<blockquote class="quote" data-key="intro.quote">La coordination est une habitude' in html
    # The checks expected the new block's text, as of every block: they read it from the HTML.
    completeness = next(c for c in results["fr"].checks if c.check == "completeness")
    assert completeness.status == "pass"
    assert read_promises(html).strings["intro.quote"] == "La coordination est une habitude, pas une réunion."


def test_removing_a_section_needs_only_source_changes(real_project):
    source = real_project / "source"
    text = (source / "publications" / "factsheet.yaml").read_text()
    section = re.search(r"  - id: technology\n(?:    .*\n)+", text).group(0)
    (source / "publications" / "factsheet.yaml").write_text(text.replace(section, ""))
    for path in (source / "locales").glob("??.yaml"):
        strings = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("heading", "p1", "chart_caption"):  # the figures' labels stay: their collection does
            del strings["technology"][key]
        path.write_text(yaml.safe_dump(strings, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    project = load_project(real_project, pub="factsheet")
    for lang, doc in project.documents.items():
        html = render_html(doc, FitStep(10), real_project / "build" / lang)
        assert 'id="technology"' not in html and "<figure" not in html
        assert 'id="procurement"' in html


def test_a_second_chart_draws_another_figure_collection(mini_project):
    _append(mini_project / "source" / "project.yaml",
            "  budget:\n    kind: figure\n    items: [member_count]\n")
    _replace(mini_project / "source" / "factsheet.yaml", "      - {paragraph: offer.p1}\n",
             "      - {paragraph: offer.p1}\n      - {figure_chart: budget, caption: offer.budget}\n")
    locales = mini_project / "source" / "locales"
    _replace(locales / "en.yaml", "offer:\n", "offer:\n  budget: The Group in numbers\n")
    _append(locales / "en.yaml", "\nbudget:\n  member_count:\n    text: \"{member_count} members\"\n")
    html = _html(mini_project)
    assert html.count('<figure class="chart">') == 2
    strings = read_promises(html).strings
    assert strings["offer.budget"] == "The Group in numbers"
    assert strings["budget.member_count.text"] == "3 members"
    assert strings["technology.figures.reached.text"] == "1,200 readers in member organizations"


def test_a_second_timeline_draws_its_own_events(mini_project):
    _append(mini_project / "source" / "project.yaml",
            "  milestones:\n    kind: event\n    items:\n      - {id: review, date: review}\n")
    _replace(mini_project / "source" / "factsheet.yaml", "      - {timeline: timeline}\n",
             "      - {timeline: timeline}\n      - {timeline: milestones}\n")
    _append(mini_project / "source" / "locales" / "en.yaml",
            "\nmilestones:\n  events:\n    review: The first review of the Group's methods.\n")
    html = _html(mini_project)
    assert html.count('<ol class="timeline">') == 2
    strings = read_promises(html).strings
    assert strings["milestones.events.review"] == "The first review of the Group's methods."
    # Its last two words tied by a no-break space (localise/typography.py tie_last_words).
    assert strings["timeline.events.review"] == "The members review the working methods of the\u00a0Group."
    assert strings["values.review"] == "June 2019"
