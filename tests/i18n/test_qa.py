"""QA checks: the shipped locales pass, and each check trips on the mistake it is for."""

import pytest

from build_factsheet.i18n.qa import CHECKS, check_quality, check_string
from build_factsheet.i18n.workspace import open_workspace

from .conftest import REPO, TRANSLATIONS, locale_file, replace_in


def findings(check, english, text, lang="fr"):
    return [(severity, message) for _, severity, message in check_string(english, text, lang, (check,))]


def errors(check, english, text, lang="fr"):
    return [message for severity, message in findings(check, english, text, lang) if severity == "error"]


def warnings(check, english, text, lang="fr"):
    return [message for severity, message in findings(check, english, text, lang) if severity == "warning"]


@pytest.mark.parametrize("lang", ("en",) + TRANSLATIONS)
def test_shipped_locales_have_no_qa_errors(lang):
    ws = open_workspace(REPO)
    catalog = ws.source if lang == "en" else ws.catalog(lang)[0]
    problems = check_quality(catalog, ws.source, keys_that_may_stay=ws.factsheet.keys_that_may_stay())
    assert [str(p) for p in problems if p.severity == "error"] == []


def test_every_check_is_tested_here():
    tested = {name.removeprefix("test_").split("_trips")[0] for name in globals() if "_trips" in name}
    assert set(CHECKS) <= tested, set(CHECKS) - tested


def test_placeholders_trips_on_a_renamed_or_dropped_placeholder():
    english = "With {member_count} members in {co_chair_year}."
    assert errors("placeholders", english, "Avec {member_count} membres en {co_chair_year}.") == []
    found = errors("placeholders", english, "Avec {members} membres.")
    assert any("{member_count} of the English is missing" in m for m in found)
    assert any("without its pair" in m for m in errors("placeholders", english, english.replace(".", " }.")))
    assert any("{co_chair_year} of the English is missing" in m for m in found)
    assert any("{members} is not in the English" in m for m in found)
    # Written twice where the English has it once is also a difference.
    assert errors("placeholders", "{a} b", "{a} {a} b")


def test_markup_trips_on_unbalanced_or_missing_emphasis():
    english = "The **ICAT Toolkit** provides *tools*."
    assert errors("markup", english, "La **Boîte à outils** propose des *outils*.") == []
    assert any("unpaired *" in m for m in errors("markup", english, "La **Boîte à outils propose des *outils*."))
    assert any("bold" in m for m in errors("markup", english, "La Boîte à outils propose des *outils*."))
    assert any("italic" in m for m in errors("markup", english, "La **Boîte** propose des outils."))
    # The zh mistake this check found in the shipped file: ** right after 》 and before a letter
    # is not a closing mark in CommonMark, so the asterisks were printed.
    assert errors("markup", english.replace("*tools*", "tools"), "**《ICAT工具包》**提供了工具。")
    assert any("raw HTML <b> is not allowed" in m for m in errors("markup", "The toolkit.", "La <b>boîte</b>."))
    assert errors("markup", "See [the site](https://a.org).", "Voir [le site](https://a.org).") == []
    assert any("a link (" in m for m in errors("markup", "See [the site](https://a.org).", "Voir le site."))
    assert any("'javascript:x' is not allowed" in m for m in errors("markup", "See.", "Voir [x](javascript:x)."))


def test_numbers_trips_on_a_changed_resolution_number():
    english = "General Assembly resolution 61/180 establishes ICAT."
    assert errors("numbers", english, "Par sa résolution 61/180, l'Assemblée générale crée l'ICAT.") == []
    assert errors("numbers", english, "大会第61/180号决议设立了ICAT。", "zh") == []
    assert any("61/180" in m for m in errors("numbers", english, "Par sa résolution 61/181, l'Assemblée."))
    assert errors("numbers", english, "Par sa résolution 61 / 180.")  # the number is split
    assert warnings("numbers", "The seventy-fourth session.", "La 74e session.")
    # A placeholder's name is not a number.
    assert errors("numbers", "On {ga_61_180_date}.", "Le {ga_61_180_date}.") == []


def test_urls_trips_on_a_changed_web_address():
    english = "See https://icat.network/ for more."
    assert errors("urls", english, "Voir https://icat.network/ pour en savoir plus.") == []
    assert any("https://icat.network/" in m for m in errors("urls", english, "Voir https://icat.net/ ."))


def test_emails_trips_on_a_changed_address():
    english = "Write to icat@un.org."
    assert errors("emails", english, "Écrire à icat@un.org.") == []
    assert any("icat@un.org" in m for m in errors("emails", english, "Écrire à icat@onu.org."))


@pytest.mark.parametrize("text, expected", [
    (" Fiche d'information", "starts with a space"),
    ("Fiche d'information ", "ends with a space"),
    ("Fiche d'information\u00a0", "ends with a space"),
    ("Fiche  d'information", "doubled space"),
    ("Fiche\u00a0 d'information", "doubled space"),
    ("Fiche\td'information", "tab or line break"),
])
def test_whitespace_trips_on_stray_spaces(text, expected):
    assert errors("whitespace", "Factsheet", "Fiche d'information") == []
    assert any(expected in m for m in errors("whitespace", "Factsheet", text))


def test_final_punctuation_trips_on_a_sentence_ending_otherwise():
    check = "final_punctuation"
    assert errors(check, "It is published.", "Elle est publiée.") == []
    assert any("should end with “.”" in m for m in errors(check, "It is published.", "Elle est publiée"))
    assert errors(check, "What does ICAT offer?", "Qu'offre l'ICAT ?") == []
    assert errors(check, "Follow ICAT:", "Suivez l'ICAT :") == []
    # Chinese ends a sentence with 。, not with a Latin full stop.
    assert errors(check, "It is published.", "该简报已发布。", "zh") == []
    assert any("“。”" in m for m in errors(check, "It is published.", "该简报已发布.", "zh"))
    assert any("“：”" in m for m in errors(check, "Follow ICAT:", "关注ICAT:", "zh"))
    # Arabic keeps the Latin full stop, and may use its own question mark and semicolon.
    assert errors(check, "It is published.", "صدر الموجز.", "ar") == []
    assert errors(check, "What does ICAT offer?", "ما الذي يقدمه ICAT؟", "ar") == []
    assert errors(check, "programmes;", "البرامج؛", "ar") == []
    # Closing quotes and brackets are looked through.
    assert errors(check, "He said “yes.”", "Il a dit « oui. »") == []
    # A heading without a final mark in English needs none; an added full stop is a warning.
    assert findings(check, "Membership", "Composition") == []
    assert findings(check, "Membership", "成员") == []
    assert warnings(check, "Membership", "Composition.")
    assert errors(check, "Membership", "Composition.") == []


@pytest.mark.parametrize("char", ["\u200f", "\u200e", "\u202b", "\u2067", "\u200b", "\u200d", "\ufeff", "\u061c"])
def test_invisible_trips_on_bidi_controls_and_zero_width_characters(char):
    assert errors("invisible", "ICAT logo", "شعار ICAT", "ar") == []
    found = errors("invisible", "ICAT logo", f"شعار {char}ICAT", "ar")
    assert found and f"U+{ord(char):04X}" in found[0]


def test_length_trips_as_a_warning_far_beyond_the_english():
    english = "Human trafficking and technology in the world"  # 45 characters
    assert findings("length", english, "Traite des êtres humains et technologie dans le monde") == []
    long = "Traite des êtres humains et technologie " * 3
    assert warnings("length", english, long) and errors("length", english, long) == []
    # Chinese needs far fewer characters: as many as the English is already far too long.
    assert findings("length", english, "人口贩运与技术", "zh") == []
    assert warnings("length", english, "人" * 50, "zh")
    assert findings("length", english, "人" * 50, "fr") == []
    # Short names are not judged by their ratio.
    assert findings("length", "UN Women", "Структура «ООН-женщины»", "ru") == []


def test_check_quality_skips_a_drafts_english_fill_ins(project):
    ws = open_workspace(project)
    chinese, _ = ws.catalog("zh")
    chinese.messages["offer.p1"] = ws.english["offer.p1"]  # ends with "." where Chinese needs "。"
    assert any(p.key == "offer.p1" for p in check_quality(chinese, ws.source, keys_that_may_stay=ws.factsheet.keys_that_may_stay()))
    chinese.fallback_keys = ("offer.p1",)
    assert not any(p.key == "offer.p1" for p in check_quality(chinese, ws.source, keys_that_may_stay=ws.factsheet.keys_that_may_stay()))


def test_check_quality_reports_file_line_key_and_severity(project):
    path = locale_file(project, "fr")
    replace_in(path, 'subtitle: "Fiche d\'information"', 'subtitle: "Fiche d\'information "')
    replace_in(path, "résolution 61/180 de l'Assemblée", "résolution 61/181 de l'Assemblée")
    ws = open_workspace(project)
    problems = check_quality(ws.catalog("fr")[0], ws.source, keys_that_may_stay=ws.factsheet.keys_that_may_stay())
    assert all(str(p).startswith(f"{path}:") for p in problems)
    assert {(p.line, p.key, p.message, p.severity) for p in problems} == {
        (6, "meta.subtitle", "ends with a space", "error"),
        (25, "offer.p1", "number 61/180 of the English is missing or changed", "error"),
        (25, "offer.p1", "number 61/181 is not in the English", "warning"),
    }


def test_placeholder_words_trips_on_todo_tbd_fixme_xxx_and_lorem():
    for text in ("TODO", "À faire : TBD", "FIXME plus tard", "xxx", "XXXX", "Lorem ipsum dolor sit amet."):
        assert errors("placeholder_words", "Membership", text), text
    # Spanish "todo" is a word, a {placeholder} is a name, "Xx" is not three x.
    for text in ("Todo el mundo", "todo", "{xxx_count} miembros", "Xx", "Luxxembourg"):
        assert errors("placeholder_words", "Membership", text, "es") == [], text
    assert errors("placeholder_words", "Membership", "TODO") == ["“TODO” stands for text not written yet: write the text"]


def test_a_string_left_identical_to_the_english_is_an_error_unless_it_may_stay(project):
    path = locale_file(project, "fr")
    replace_in(path, 'heading: "Composition"', 'heading: "Membership"')
    replace_in(path, 'members_heading: "Membres"', 'members_heading: "ICAT"')  # a proper name: may stay
    ws = open_workspace(project)
    allowed, may_stay = ws.factsheet.proper_names, ws.factsheet.keys_that_may_stay()
    problems = [(p.line, p.key, p.message, p.severity) for p in check_quality(ws.catalog("fr")[0], ws.source, allowed, may_stay)]
    assert problems == [(33, "membership.heading", "identical to the English (“Membership”): translate it, or list "
                         "it under identical_ok in source/project.yaml if it rightly stays so", "error")]
    assert check_quality(ws.catalog("fr")[0], ws.source, (*allowed, "Membership"), may_stay) == []
    draft, _ = ws.catalog("fr")
    draft.fallback_keys = ("meta.title",)  # a draft: worth a warning, not an error
    assert [p.severity for p in check_quality(draft, ws.source, allowed, may_stay)] == ["warning"]
