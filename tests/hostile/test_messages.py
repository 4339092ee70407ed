"""Broken project files and wrong commands -> exactly the message beside each case, the right exit code,
no traceback, and nothing read that should not be.

Cases that are not one file's content (a locale that is a folder, a link, a deleted file, a
command run from the wrong folder, an unknown language, a broken logo) live here; those that
are live in cases/.
"""

from __future__ import annotations

import os
import shutil

import pytest

from .test_corpus import make_project, outcome, run_in

COMMANDS = {"validate": ["validate"], "build": ["build", "-j", "1"]}


@pytest.fixture
def tiny(tmp_path):
    return make_project(tmp_path, "fr/accepted-bom-crlf")


def both(root, expected: str) -> None:
    """validate and build say exactly `expected`; the build publishes nothing."""
    for name, args in COMMANDS.items():
        assert outcome(run_in(root, *args)) == expected, name
    assert not (root / "output").exists()


def test_a_locale_file_for_an_unconfigured_language_is_an_error(tiny):
    shutil.copy(tiny / "source" / "locales" / "fr.yaml", tiny / "source" / "locales" / "de.yaml")
    both(tiny, "exit: 1\nError: The locale files have 1 problem(s):\n  source/locales/de.yaml: a locale file for "
               "'de', a language source/project.yaml does not configure, so it is never built: add `de: {cldr: de, "
               "dir: ltr, script: latin, status: in_progress}` under languages (rtl, and its script, for another "
               "writing system), or rename or remove the file\n")


def test_fingerprint_files_are_not_taken_for_locales(tiny):
    (tiny / "source" / "locales" / "fr.fingerprints.yaml").write_text("{}\n")
    assert outcome(run_in(tiny, "validate")) == "exit: 0\nvalid: en, fr\n"


def test_a_locale_that_links_out_of_the_project_is_refused_unread(tiny, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n")
    fr = tiny / "source" / "locales" / "fr.yaml"
    fr.unlink()
    fr.symlink_to(secret)
    message = (f"exit: 1\nError: The locale files have 1 problem(s):\n  source/locales/fr.yaml: a symbolic link "
               f"leading out of the project (to {secret}): refused, not read; copy the file into source/locales/ "
               f"instead\n")
    both(tiny, message)
    assert "hunter2" not in message and "password" not in message


def test_a_link_inside_the_project_is_followed(tiny):
    fr = tiny / "source" / "locales" / "fr.yaml"
    fr.rename(tiny / "source" / "fr-real.yaml")
    fr.symlink_to("../fr-real.yaml")
    assert outcome(run_in(tiny, "validate")) == "exit: 0\nvalid: en, fr\n"


def test_a_locale_that_is_a_folder_is_named(tiny):
    fr = tiny / "source" / "locales" / "fr.yaml"
    fr.unlink()
    fr.mkdir()
    both(tiny, "exit: 1\nError: The locale files have 1 problem(s):\n  source/locales/fr.yaml: a folder, not a file: "
               "the locale file must be a YAML file\n")


def test_a_deleted_source_locale_is_named(tiny):
    (tiny / "source" / "locales" / "en.yaml").unlink()
    both(tiny, "exit: 1\nError: The locale files have 1 problem(s):\n  source/locales/en.yaml: file not found\n")


@pytest.mark.parametrize("folder", ["source", "source/locales"])
def test_running_inside_the_project_hints_at_C(tiny, folder):
    up = os.path.relpath(tiny, tiny / folder)
    for args in COMMANDS.values():
        assert outcome(run_in(tiny / folder, *args)) == (
            f"exit: 1\nError: The project file cannot be read:\n  source/project.yaml: file not found\n"
            f"  source/project.yaml: hint: this folder is inside the project {up}: run the command from there, "
            f"or give it with -C {up}\n")
    assert not (tiny / folder / "build").exists()


@pytest.mark.parametrize("command", [["validate"], ["build", "-j", "1"], ["serve", "--port", "0"]])
def test_an_unknown_language_is_a_usage_error(tiny, command):
    assert outcome(run_in(tiny, *command, "--lang", "xx")) == (
        "exit: 2\nError: Unknown language(s): xx (configured: en, fr)\n"
        "  source/project.yaml:4: key 'languages': language 'xx' is not configured\n")


BAD_LOGOS = {
    "broken": ('<svg xmlns="http://www.w3.org/2000/svg"><rect', "ParseError: unclosed token: line 1, column 40"),
    "xxe": ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&xxe;</text></svg>',
            "ParseError: undefined entity &xxe;: line 3, column 69"),
    "entity-bomb": ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY e0 "lol">'
                    + "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
                    + ']>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&e9;</text></svg>',
                    "ParseError: limit on input amplification factor (from DTD and entities) breached: line 3, "
                    "column 69"),
    "not-svg": ("# a README saved as the logo\n", "ParseError: not well-formed (invalid token): line 1, column 1"),
}


@pytest.mark.parametrize("case", BAD_LOGOS)
def test_a_bad_logo_gives_the_parsers_reason(mini_project, case):
    svg, reason = BAD_LOGOS[case]
    logo = mini_project / "assets" / "images" / "icat-logo.svg"
    logo.write_text(svg)
    got = outcome(run_in(mini_project, "build", "--lang", "en", "-j", "1"))
    assert got == ("exit: 1\nError: WeasyPrint reported 1 problem(s) rendering 'en':\n  build/en/mini.html: "
                   f"error: Failed to load image at '{logo.resolve().as_uri()}': {reason}\n")
    assert not (mini_project / "output").exists()
