"""Reviewed languages (or one PDF comparison) -> build/review/index.html: offline, inline CSS, each language in its own lang and dir."""

from __future__ import annotations

from html import escape
from pathlib import Path

from build_factsheet.review.report import summary_line
from build_factsheet.review.textdiff import Segment

STATUS_WORDS = {"unchanged": "unchanged", "changed": "changed", "new": "new", "failing": "failing its checks"}
CSS = """
:root { --ink: #1d2430; --muted: #5b6472; --line: #d7dbe2; --added: #d8f5dd; --added-ink: #0b5d1e;
  --removed: #fde0e0; --removed-ink: #8a1111; --mark: #dc003c; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 15px/1.45 system-ui, sans-serif; color: var(--ink);
  background: #f6f7f9; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 21px; margin: 32px 0 8px; }
h3 { font-size: 18px; margin: 0 0 4px; } h4 { font-size: 14px; margin: 18px 0 6px; color: var(--muted);
  text-transform: uppercase; letter-spacing: .04em; }
p.lead { color: var(--muted); margin: 0 0 16px; }
code { font: 12px/1.3 ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: 6px 8px; vertical-align: top; text-align: start; }
th { background: #eef0f4; font-weight: 600; font-size: 13px; }
.summary td.status { white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600;
  vertical-align: middle; }
.badge.unchanged { background: #e6e9ee; color: var(--muted); } .badge.changed { background: #fff0c2; color: #6b4e00; }
.badge.new { background: #d6e9ff; color: #0b3d7a; } .badge.failing { background: var(--removed); color: var(--removed-ink); }
article.language { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px;
  margin: 12px 0; }
article.language.unchanged { padding: 10px 20px; }
.facts { color: var(--muted); margin: 2px 0 0; font-size: 14px; }
del { background: var(--removed); color: var(--removed-ink); text-decoration: line-through; }
ins { background: var(--added); color: var(--added-ink); text-decoration: none; }
td.pages { white-space: nowrap; width: 4em; }
ul.problems { color: var(--removed-ink); }
.pairs { display: flex; flex-direction: column; gap: 20px; }
.pair { display: flex; gap: 16px; align-items: flex-start; }
.pair figure { margin: 0; flex: 1 1 0; max-width: 460px; }
.pair figcaption { font-size: 13px; color: var(--muted); margin-bottom: 4px; }
.pair img { width: 100%; height: auto; border: 1px solid var(--line); box-shadow: 0 1px 3px rgba(0,0,0,.12);
  background: #fff; display: block; }
.pair .missing { border: 1px dashed var(--line); padding: 40px 12px; color: var(--muted); text-align: center; }
.legend { font-size: 13px; color: var(--muted); }
.legend .box { display: inline-block; width: 14px; height: 10px; border: 3px solid var(--mark); vertical-align: middle; }
"""


def _segments(segments: list[Segment]) -> str:
    out = []
    for segment in segments:
        text = escape(segment.text)
        out.append(text if segment.kind == "same" else f"<{'del' if segment.kind == 'removed' else 'ins'}>"
                   f"{text}</{'del' if segment.kind == 'removed' else 'ins'}>")
    return "".join(out)


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count >= 1024 else f"{count} bytes"


def _pages(count: int) -> str:
    return f"{count} page{'' if count == 1 else 's'}"


def _ui(text: str) -> str:
    """A label of the page itself, in English, inside a section in another language."""
    return f'<span lang="en" dir="ltr">{escape(text)}</span>'


def language_section(item, heading: str, summary: str) -> str:
    """One language's <article>: status, facts, strings, the text read back and the page pairs."""
    lang_attrs = f'lang="{escape(item.html_lang)}" dir="{escape(item.dir)}"'
    parts = [f'<article class="language {item.status}" id="{escape(item.label)}" data-locale="{escape(item.lang)}" '
             f'data-status="{item.status}" {lang_attrs}>',
             f'<h3>{escape(heading)} <span class="badge {item.status}" lang="en">{STATUS_WORDS[item.status]}</span></h3>',
             f'<p class="facts">{_ui(summary)}</p>']
    if item.links:
        parts.append('<p class="facts" lang="en" dir="ltr">' + " · ".join(
            f'<a href="{escape(href)}">{escape(label)}</a>' for label, href in item.links.items()) + "</p>")
    comparison = item.comparison
    if item.problems:
        parts.append('<ul class="problems" lang="en" dir="ltr">'
                     + "".join(f"<li>{escape(problem)}</li>" for problem in item.problems) + "</ul>")
    if comparison is not None and item.status != "unchanged":
        before = "-" if item.status == "new" else f"{_pages(comparison.old_pages)}, {_size(comparison.old_bytes)}"
        facts = f"Published: {before}; new: {_pages(comparison.new_pages)}, {_size(comparison.new_bytes)}"
        parts.append(f'<p class="facts">{_ui(facts)}</p>')
    if item.strings:
        rows = "".join(
            f'<tr data-key="{escape(change.key)}" class="{change.kind}"><td><code dir="ltr">{escape(change.key)}</code>'
            f'<br>{_ui(change.kind)}</td><td class="old">{_segments(change.old_segments)}</td>'
            f'<td class="new">{_segments(change.new_segments)}</td>'
            f'<td class="pages">{escape(", ".join(map(str, change.pages)) or "-")}</td></tr>'
            for change in item.strings)
        parts.append(f'<h4>{_ui("Strings")}</h4><table class="strings"><thead><tr><th>{_ui("Key")}</th>'
                     f'<th>{_ui("Published")}</th><th>{_ui("New")}</th><th>{_ui("Pages")}</th></tr></thead>'
                     f'<tbody>{rows}</tbody></table>')
    elif not item.strings_recorded and item.status == "changed":
        note = ("output/ holds no record of the published strings (published before reviews existed): "
                "compare the text below.")
        parts.append(f'<p class="facts">{_ui(note)}</p>')
    if comparison is not None and comparison.text and item.status != "new":
        rows = "".join(f'<tr><td class="old">{_segments(hunk.old)}</td><td class="new">{_segments(hunk.new)}</td></tr>'
                       for hunk in comparison.text)
        parts.append(f'<h4>{_ui("Text read back from the PDFs")}</h4><table class="text"><thead><tr>'
                     f'<th>{_ui("Published PDF")}</th><th>{_ui("New PDF")}</th></tr></thead><tbody>{rows}</tbody></table>')
    if comparison is not None and comparison.pages:
        parts.append(f'<h4>{_ui("Pages")}</h4><p class="legend">{_ui("Changed regions are outlined")} '
                     f'<span class="box"></span></p><div class="pairs">')
        for page in comparison.pages:
            sides = []
            for label, png in (("Published", page.old_png), ("New", page.new_png)):
                caption = f"<figcaption>{_ui(f'{label}, page {page.number}')}</figcaption>"
                body = (f'<img src="{escape(png)}" width="{page.width}" height="{page.height}" '
                        f'alt="{escape(f"{label} page {page.number}")}" lang="en">' if png else
                        f'<div class="missing">{_ui("no such page")}</div>')
                sides.append(f'<figure class="{label.lower()}">{caption}{body}</figure>')
            parts.append(f'<div class="pair" data-page="{page.number}" data-boxes="{len(page.boxes)}">'
                         f'{"".join(sides)}</div>')
        parts.append("</div>")
    parts.append("</article>")
    return "\n".join(parts)


def page_html(title: str, lead: str, groups: list[tuple[str, list[tuple[object, str, str]]]], fonts: str = "") -> str:
    """The whole page: a summary table, then per publication each language's section.

    `groups`: (publication heading, [(LanguageReview, its heading, its summary line)]); `fonts`:
    @font-face rules and the families to use first (brand_fonts).
    """
    summary_rows = "".join(
        f'<tr><td>{escape(group)}</td><td><a href="#{escape(item.label)}" lang="{escape(item.html_lang)}" '
        f'dir="{escape(item.dir)}">{escape(heading)}</a></td><td class="status"><span class="badge {item.status}">'
        f'{STATUS_WORDS[item.status]}</span></td><td>{escape(summary)}</td></tr>'
        for group, items in groups for item, heading, summary in items)
    sections = "".join(
        f'<section class="publication"><h2>{escape(group)}</h2>'
        + "".join(language_section(item, heading, summary) for item, heading, summary in items) + "</section>"
        for group, items in groups)
    return (f'<!DOCTYPE html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f'<style>{CSS}{fonts}</style></head><body><header><h1>{escape(title)}</h1><p class="lead">{escape(lead)}</p>'
            f'<table class="summary"><thead><tr><th>Publication</th><th>Language</th><th>Status</th><th>What changed</th>'
            f'</tr></thead><tbody>{summary_rows}</tbody></table></header>{sections}</body></html>\n')


def own_names(locales: dict[str, str], memo_dir: Path | None = None) -> dict[str, str]:
    """lang -> its own name, for `locales` (lang -> CLDR locale); remembered in `memo_dir`, since
    loading Babel's data costs a fifth of a review with nothing to do."""
    import hashlib
    import json

    from build_factsheet.atomic import remembered

    key = hashlib.sha256(json.dumps(sorted(locales.items())).encode()).hexdigest()[:24]
    return remembered(memo_dir / f"names-{key}.json" if memo_dir else None,
                      lambda: {lang: own_name(cldr, lang) for lang, cldr in locales.items()})


def own_name(cldr: str, lang: str) -> str:
    """The language's name in itself ('Français'), from CLDR; the code where Babel does not know it."""
    try:
        from babel import Locale

        name = Locale.parse(cldr.replace("-", "_")).get_language_name()
    except (ValueError, TypeError, LookupError, ImportError):
        return lang
    return f"{name[:1].upper()}{name[1:]} ({lang})" if name else lang


def brand_fonts(root: Path | None, text: str) -> str:
    """CSS that draws the page with the project's own fonts, inlined as subsets to `text`, as the kit
    page does (publish/kit.py): the review reads right in every script on a machine without them."""
    from build_factsheet.model.brand import BRAND_FILE, load_brand

    if root is None or not (root / BRAND_FILE).is_file():
        return ""
    from build_factsheet.publish.kitpage import font_faces

    faces = font_faces(root, load_brand(root), text)
    families = ", ".join(dict.fromkeys(f'"{face["family"]}"' for face in faces))
    rules = "".join(f'@font-face {{ font-family: "{face["family"]}"; font-weight: {face["weight"]}; '
                    f'font-display: block; src: url("data:font/woff2;base64,{face["data"]}") format("woff2"); }}\n'
                    for face in faces)
    return f"{rules}body {{ font-family: {families}, system-ui, sans-serif; }}\n"


def write_page(folder: Path, languages: list, title: str, lead: str = "", names: dict | None = None,
               root: Path | None = None) -> Path:
    """Write `folder`/index.html for reviewed languages (run.LanguageReview), grouped by publication;
    drawn with the fonts of the project at `root`, if given."""
    from build_factsheet.atomic import write_atomic

    names = names or {}
    groups: dict[str, list] = {}
    for item in languages:
        groups.setdefault(item.pub, []).append((item, names.get(item.lang, item.lang), summary_line(item)))
    lead = lead or ("What each language of each publication would change in output/. Nothing is published until "
                    "`build-factsheet publish`, which publishes exactly this set.")
    path = folder / "index.html"
    text = page_html(title, lead, list(groups.items()))
    write_atomic(path, page_html(title, lead, list(groups.items()), brand_fonts(root, text)) if root else text,
                 only_if_changed=True)
    return path
