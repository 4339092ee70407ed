"""localise/typography.py: punctuation spacing, unbreakable names and acronyms, dashes and bidi isolation, done by the localiser."""

import pytest

from build_factsheet.localise.document import localise
from build_factsheet.localise.typography import (Setting, bind_dashes, isolate, protect, punctuate, set_text,
                                                 tie_last_words)
from build_factsheet.model.locales import load_catalogs
from build_factsheet.model.source import load_factsheet
from build_factsheet.model.style import HouseStyle

from ..conftest import REPO

FRENCH = HouseStyle(narrow_space_before=";:!?»", narrow_space_after="«")
CHINESE = HouseStyle(full_width=",:;?!()")
N = "\u202f"


@pytest.mark.parametrize("typed", ["Qu'offre l'ICAT ?", "Qu'offre l'ICAT\u00a0?", "Qu'offre l'ICAT?",
                                   f"Qu'offre l'ICAT{N}?"])
def test_french_takes_a_narrow_no_break_space_before_its_marks_however_it_was_typed(typed):
    assert punctuate(typed, FRENCH) == f"Qu'offre l'ICAT{N}?"


def test_french_guillemets_and_what_is_left_alone():
    assert punctuate("« Une seule ONU »", FRENCH) == f"«{N}Une seule ONU{N}»"
    assert punctuate("à 10:30, voir https://icat.network", FRENCH) == "à 10:30, voir https://icat.network"


def test_chinese_marks_next_to_han_are_full_width():
    assert punctuate("联合国(UN), 协调:ICAT", CHINESE) == "联合国（UN），协调：ICAT"
    assert punctuate("ICAT (2019), ok", CHINESE) == "ICAT (2019), ok"  # no Han character near: left alone


def test_acronyms_and_names_are_marked_with_no_break_spaces_and_hyphens():
    names = Setting(HouseStyle(), names=("УВКБ ООН", "UN Women")).names_pattern()
    assert protect("УВКБ ООН и ООН-женщины, UN Women", names) == (
        '<span class="name">УВКБ\u00a0ООН</span> и <abbr>ООН\u2011женщины</abbr>, '
        '<span class="name">UN\u00a0Women</span>')
    assert protect("специалисты-практики", None) == '<span class="compound">специалисты-практики</span>'


def test_chinese_names_are_found_without_spaces():
    names = Setting(HouseStyle(), han=True, names=("维和部",)).names_pattern()
    assert protect("联合国维和部和", names) == '联合国<span class="name">维和部</span>和'


@pytest.mark.parametrize("text, bound", [
    ("Trafficking in Persons—ICAT", '<span class="nowrap">Persons—ICAT</span>'),
    ("торговлей людьми — ICAT", '<span class="nowrap">людьми\u00a0—\u00a0ICAT</span>'),
    ("ICAT — ведущий форум", '<span class="nowrap">ICAT\u00a0—</span> ведущий'),
    ("协调小组——ICAT", '协调小<span class="nowrap">组——ICAT</span>'),
])
def test_a_dash_never_starts_a_line(text, bound):
    assert bound in bind_dashes(text)


def test_right_to_left_text_isolates_latin_runs_and_numbers():
    assert isolate("ويضم ICAT 25 من المنظمات و UN Women") == \
        "ويضم <bdi>ICAT</bdi> <bdi>25</bdi> من المنظمات و <bdi>UN Women</bdi>"


def test_placeholders_and_markup_are_left_as_they_are():
    html = set_text('<strong>Édition :</strong> {edition} — <a href="https://a.org/?x=1">lien</a>',
                    Setting(FRENCH))
    # The last word (a link) tied to the dash before it: no runt.
    assert html == (f'<strong>Édition{N}:</strong> {{edition}} —\u00a0<a href="https://a.org/?x=1">lien</a>')


def test_the_localised_arabic_isolates_the_filled_values():
    factsheet = load_factsheet(REPO)
    catalogs = load_catalogs(factsheet, ["ar"])
    doc = localise(factsheet, catalogs["ar"])
    assert '<span class="name"><bdi>ICAT</bdi></span>، الذي يضم <bdi class="value">25</bdi> من' in str(doc.t("about.p2"))


def test_chinese_words_of_the_house_style_are_marked_and_the_dash_binds_the_whole_word():
    style = HouseStyle(full_width=",:;?!()", words=("打击贩运人口问题", "机构间协调小组"))
    html = set_text("打击贩运人口问题机构间协调小组——ICAT", Setting(style, han=True))
    assert html == ('<span class="word">打击贩运人口问题</span><wbr><span class="nowrap"><span class="word">'
                    '机构间协调小组</span><wbr>——<abbr>ICAT</abbr></span>')



@pytest.mark.parametrize("text, tied", [
    ("The Group meets twice a year in Vienna.", "The Group meets twice a year in\u00a0Vienna."),
    ("as the Group decided <strong>in Vienna</strong>.", "as the Group decided <strong>in\u00a0Vienna</strong>."),
    ("the Group met in {city}.", "the Group met in {city}."),  # a value counts as long
    ("Council of Europe", "Council of Europe"),  # a name, not running text
    # Too long to tie: the line before would have to stretch to let the pair go ("ICAT Working Group.").
    ("a platform for effective multilateralism.", "a platform for effective multilateralism."),
    ("through the coordination of the ICAT Working Group.", "through the coordination of the ICAT Working Group."),
    ("One", "One"),
])
def test_a_texts_last_two_words_are_tied_when_the_last_is_short(text, tied):
    assert tie_last_words(text) == tied


def test_chinese_has_no_ties_and_other_languages_do():
    assert "\u00a0" not in set_text("联合国 妇女署", Setting(CHINESE, han=True))
    assert set_text("Follow ICAT on the web", Setting(HouseStyle())).endswith("the\u00a0web")
