"""Property-based: any locale file -> `validate` succeeds or reports clean problems, never a traceback;
any string -> markup renders only the allowed tags and links, which WeasyPrint lays out without raising.

Hypothesis generates the translation of the tiny project (tests/hostile/project): its strings
replaced by random Unicode mixed with markup, YAML syntax, placeholders and invisible
characters, written plain, quoted or as block scalars, then sometimes corrupted byte-wise.
Derandomized, without an example database: CI runs the same examples every time.
"""

from __future__ import annotations

import json
import re
import shutil

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_factsheet.characters import find_refused
from build_factsheet.markup import render

from ..conftest import REPO, brand_style
from .test_corpus import HERE, TARGETS, outcome, run_in

BASE = yaml.safe_load((HERE / "project" / TARGETS["fr"]).read_text(encoding="utf-8"))
FRAGMENTS = ["**", "*", "_", "[lien](https://example.org)", "[x](javascript:alert(1))", "](", "![i](", "<b>",
             "</b>", "<img src=http://127.0.0.1/x>", "<!--", "&#x202E;", "&amp;", "{member_count}", "{founded}",
             "{nope}", "{", "}", "\u202e", "\u2066", "\u200b", "\u200c", "\u200d", "\ufeff", "\x1b", "\x00",
             "\t", "\n", "\r\n", "\u2028", "\u0085", '"', "'", ": ", "- ", "# ", "&a ", "*a ", "!!python/object ",
             "!include ", "? ", "|", ">", "%", "@", "`", "\\", "\\u202e", "\\x00", "\\ud800", "éàç", "عربي",
             "中文", "\U0001F469\u200d\U0001F4BB", "\ue000", "\U000e0041", "\ufffe", "x" * 3999, "y" * 4001]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=8).map("".join)


def _leaves(data, prefix=()):
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _leaves(value, prefix + (key,))
        else:
            yield prefix + (key,)


KEYS = list(_leaves(BASE))


def _scalar(text: str, style: str) -> str:
    if style == "plain":
        return text
    if style == "double":
        return json.dumps(text, ensure_ascii=False)
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    return "|\n" + "".join(f"{'  ' * 4}{line}\n" for line in text.split("\n"))


@st.composite
def locale_files(draw) -> bytes:
    """The tiny project's translation with some strings replaced, sometimes corrupted."""
    # Each chosen string is replaced, or keeps its text with something inserted (so that its
    # placeholders survive and the checks after them are reached too).
    replaced = draw(st.dictionaries(st.sampled_from(KEYS), st.tuples(texts, st.sampled_from(
        ["plain", "double", "single", "block"]), st.one_of(st.none(), st.integers(0, 200))), max_size=2))
    lines: list[str] = []

    def emit(data, path=(), depth=0):
        for key, value in data.items():
            full = path + (key,)
            if isinstance(value, dict):
                lines.append(f"{'  ' * depth}{key}:")
                emit(value, full, depth + 1)
            elif full in replaced:
                text, style, at = replaced[full]
                if at is not None:
                    at = min(at, len(value))
                    text = value[:at] + text + value[at:]
                lines.append(f"{'  ' * depth}{key}: {_scalar(text, style)}")
            else:
                lines.append(f"{'  ' * depth}{key}: {json.dumps(value, ensure_ascii=False)}")

    emit(BASE)
    data = "\n".join(lines).encode("utf-8", "surrogatepass") + b"\n"
    if draw(st.booleans()):
        data = data.replace(b"\n", b"\r\n")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):  # now and then a stray byte, or a cut, anywhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=3)) + data[at + draw(st.integers(0, 3)):]
    return data


_PROBLEM = re.compile(r"  source/locales/(fr|en)\.yaml(:\d+){0,2}: ")


def test_any_locale_file_is_accepted_or_reported_cleanly(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(HERE / "project" / "source", root / "source")
    for shared in ("layouts", "assets"):
        (root / shared).symlink_to(REPO / shared)
    target = root / TARGETS["fr"]

    @settings(max_examples=300, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(locale_files())
    def check(data: bytes):
        target.write_bytes(data)
        got = outcome(run_in(root, "validate"))  # fails on any uncaught exception
        code, _, text = got.partition("\n")
        assert code in ("exit: 0", "exit: 1"), got
        if code == "exit: 1":
            summary, *problems = text.rstrip("\n").split("\n")
            assert summary.startswith("Error: ") and problems, got
            assert all(_PROBLEM.match(line) for line in problems), got
        assert not find_refused(text), "a refused character reached the terminal"

    check()


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(texts)
def test_markup_renders_only_the_allowed_tags_and_links(text):
    html = render(text)
    assert set(re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", html)) <= {"strong", "em", "a"}, html
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.lower().startswith(("https:", "mailto:")), html
    assert "<a " not in html or html.count("<a ") == html.count("</a>")



def test_any_text_renders_to_a_pdf_or_a_reported_problem(mini_project):
    """Past every refusal, what markup makes of any text lays out and writes: WeasyPrint may log
    (a glyph no font has: a build error), but never raises, and embeds nothing."""
    from build_factsheet.model import fonts
    from build_factsheet.readback import read_pdf

    fonts.isolate_fontconfig(mini_project / "build")
    from build_factsheet.render.pdf import Renderer

    renderer = Renderer(mini_project)

    @settings(max_examples=12, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(texts)
    def check(text: str):
        page = (f'<!DOCTYPE html><html lang="fr"><head><title>t</title>{brand_style()}'
                '</head><body style="font-family: \'Noto Sans\'">'
                f"<p>{render(text)}</p></body></html>")
        layout = renderer.layout(page, mini_project / "build" / "fr" / "mini.html")
        pdf = renderer.write(layout)
        assert read_pdf(pdf).embedded_files == 0
        assert all(m.startswith(("warning: ", "error: ")) for m in layout.messages)

    check()
