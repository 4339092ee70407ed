"""Round two's own campaign -> exactly these messages: template abuse inside the sandbox, odd file system
states, a broken brand. (Its bad source and locale files are corpus cases in cases/.)"""

from __future__ import annotations

import os
import re

import pytest

from .test_corpus import make_project, outcome, run_in

PARAGRAPH = '<p data-key="{{ block.text }}">{{ doc.t(block.text) }}</p>\n'
TEMPLATE = "layouts/blocks/paragraph.html.j2"

TEMPLATE_CASES = {
    "includes-itself": ('{% include "blocks/paragraph.html.j2" %}',
                        "exit: 1\nError: A template never finishes:\n"
                        f"  {TEMPLATE}:2: it includes or calls itself without end\n"),
    "macro-calls-itself": ("{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
                           "exit: 1\nError: A template never finishes:\n"
                           f"  {TEMPLATE}:2: it includes or calls itself without end\n"),
    "divides-by-zero": ("{{ 1 / 0 }}", "exit: 1\nError: A template fails while it renders (en):\n"
                                       f"  {TEMPLATE}:2: ZeroDivisionError: division by zero\n"),
    "huge-range": ("{% for i in range(10**9) %}{% endfor %}",
                   "exit: 1\nError: A template fails while it renders (en):\n"
                   f"  {TEMPLATE}:2: OverflowError: Range too big. The sandbox blocks ranges larger than "
                   "MAX_RANGE (100000).\n"),
    "adds-a-number-to-text": ("{{ doc.lang + 1 }}", "exit: 1\nError: A template fails while it renders (en):\n"
                              f'  {TEMPLATE}:2: TypeError: can only concatenate str (not "int") to str\n'),
    "empties-the-document": ("{% set _ = doc.plain.clear() %}",
                             "exit: 1\nError: A template reaches for what templates may not use:\n"
                             f"  {TEMPLATE}:2: refused by the sandbox: access to attribute 'clear' of 'dict' "
                             "object is unsafe\n"),
    "format-reaches-inside": ('{{ "{0.__class__}".format(doc) }}',
                              "exit: 1\nError: A template reaches for what templates may not use:\n"
                              f"  {TEMPLATE}:2: refused by the sandbox: access to attribute '__class__' of "
                              "'LocalisedDocument' object is unsafe\n"),
    "prints-lorem-ipsum": ("<p>{{ lipsum(1, html=False, min=20, max=21) }}</p>", None),
}


@pytest.mark.parametrize("case", TEMPLATE_CASES)
def test_template_abuse_inside_the_sandbox_is_named_with_its_line(mini_project, case):
    code, expected = TEMPLATE_CASES[case]
    (mini_project / TEMPLATE).write_text(PARAGRAPH + code + "\n")
    got = outcome(run_in(mini_project, "build", "--lang", "en", "-j", "1"))
    if expected is None:  # lipsum's words are random: the provenance check names them, each paragraph
        assert got.startswith("exit: 1\nError: 'en': ")
        assert "check(s) failed on build/en/mini-en.pdf, not published:\n" in got
        assert got.count("[FAIL] provenance: text that no locale string, value or layout word produced "
                         "(locale en, page 1)") == 3
    else:
        assert got == expected
    assert not (mini_project / "output").exists()


def test_template_syntax_printed_is_named_by_two_checks(mini_project):
    (mini_project / TEMPLATE).write_text(PARAGRAPH + "<p>{% raw %}{{ leftover }}{% endraw %}</p>\n")
    got = outcome(run_in(mini_project, "build", "--lang", "en", "-j", "1"))
    assert 'leftovers: template syntax on the page (locale en, page 1): "' in got
    assert ('[FAIL] provenance: text that no locale string, value or layout word produced (3 times) '
            '(locale en, page 1): "leftover"\n') in got


def test_the_kit_template_renders_in_the_sandbox_too(mini_project):
    kit = mini_project / "layouts" / "kit" / "index.html.j2"
    kit.write_text(kit.read_text() + "{{ sections.__class__.__mro__ }}\n")
    got = outcome(run_in(mini_project, "build", "-j", "1"))
    assert got == ("exit: 1\nError: The kit page cannot be made:\n"
                   "  layouts/kit/index.html.j2: access to attribute '__class__' of 'list' object is unsafe.\n")
    assert not (mini_project / "output").exists()


FIFOS = {
    "project": ("source/project.yaml", "exit: 1\nError: The project file cannot be read:\n"
                "  source/project.yaml: not a regular file (a named pipe, device or socket): it must be a YAML "
                "file\n"),
    "locale": ("source/locales/fr.yaml", "exit: 1\nError: The locale files have 1 problem(s):\n"
               "  source/locales/fr.yaml: not a regular file (a named pipe, device or socket): the locale file "
               "must be a YAML file\n"),
}


@pytest.mark.parametrize("which", FIFOS)
def test_a_named_pipe_in_place_of_a_file_is_named_not_waited_on(tmp_path, which):
    # It used to block the read for ever: a pipe has no end until someone writes to it.
    root = make_project(tmp_path, "fr/accepted-bom-crlf")
    name, expected = FIFOS[which]
    (root / name).unlink()
    os.mkfifo(root / name)
    assert outcome(run_in(root, "validate")) == expected


def test_a_file_named_build_is_in_the_way(mini_project):
    (mini_project / "build").write_text("not a folder")
    got = outcome(run_in(mini_project, "build", "--lang", "en", "-j", "1"))
    assert got == "exit: 1\nError: build: File exists (a file is where a folder is needed: move it away)\n"


def test_a_file_named_output_is_in_the_way(mini_project):
    (mini_project / "output").write_text("not a folder")
    got = outcome(run_in(mini_project, "build", "--lang", "en", "-j", "1"))
    assert got == ("exit: 1\nError: output/print: cannot publish: Not a directory (a file is where a folder "
                   "is needed on the way: move it away); nothing was published: output/ is as it was\n")
    assert (mini_project / "output").read_text() == "not a folder"


BRAND_CASES = {
    "colour-with-css": (('  ink: "#1d2a38"', '  ink: "red; } body { display: none"'),
                        "  layouts/brand.yaml:9: key 'colours.ink': expected a colour as \"#rrggbb\" (lower case), "
                        "got text ('red; } body { display: none')\n"),
    "margins-leave-no-room": (("  margin_block: 15 ", "  margin_block: 260 "),
                              "  layouts/brand.yaml:68: key 'page': the margins leave a text area of 180 x 20 mm on "
                              "210 x 297 mm paper: at least 50 mm each way is needed\n"),
}


@pytest.mark.parametrize("case", BRAND_CASES)
def test_a_broken_brand_is_named_as_the_brand(mini_project, case):
    (old, new), problem = BRAND_CASES[case]
    brand = mini_project / "layouts" / "brand.yaml"
    assert old in brand.read_text()
    brand.write_text(brand.read_text().replace(old, new))
    got = outcome(run_in(mini_project, "validate"))
    assert got == ("exit: 1\nError: 1 problem(s) with the brand or its fonts (layouts/brand.yaml, assets/fonts/):\n"
                   + problem)
