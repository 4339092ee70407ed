"""expected: what the checks expect is read from the rendered HTML, whatever block made it."""

from build_factsheet.checks.expected import keys_of, read_promises

HTML = """<!DOCTYPE html><html lang="fr" dir="ltr"><head><title data-key="meta.title">Un  titre</title>
<meta name="description" content="not page text"><style>p { color: red }</style></head>
<body><header><img src="logo.svg" alt="Logo"><h1 data-key="meta.title">Un titre</h1></header>
<p data-key="about.p1">Un paragraphe,
    sur deux lignes, avec <strong>du gras</strong> et un&nbsp;?</p>
<ul><li data-key="entities.a.name entities.a.acronym ui.entity_label">Alpha (<span><bdi>A</bdi></span>)</li></ul>
<ol><li><time datetime="2006-12-20" data-value="founded">20 décembre 2006</time>
 <span data-key="timeline.events.founded">Fondation</span></li></ol>
<p data-key="shared">Une</p><p data-key="shared">Deux</p><p data-key="empty"></p>
<svg role="img"><title>Une barre</title><rect x="0" y="0"/></svg>
<p><a href="https://example.org/">site</a> <a href="mailto:a@example.org">courriel</a></p>
</body></html>"""


def test_each_element_with_a_key_promises_its_text():
    promised = read_promises(HTML)
    assert promised.strings == {
        "meta.title": "Un titre",
        "about.p1": "Un paragraphe, sur deux lignes, avec du gras et un\u00a0?",
        "entities.a.name entities.a.acronym ui.entity_label": "Alpha (A)",
        "values.founded": "20 décembre 2006",
        "timeline.events.founded": "Fondation",
        "shared": "Une",
        "shared #2": "Deux",
    }


def test_title_language_links_and_figures_come_from_the_html():
    promised = read_promises(HTML)
    assert (promised.html_lang, promised.title, promised.title_key) == ("fr", "Un titre", "meta.title")
    assert promised.links == {"https://example.org/", "mailto:a@example.org"}
    assert promised.figures == 2  # the image and the SVG drawing: what WeasyPrint tags /Figure


def test_keys_of_a_label():
    assert keys_of("entities.a.name ui.entity_label #2") == ["entities.a.name", "ui.entity_label"]
