"""model/plurals.py: a locale message with CLDR plural forms, grouped, chosen, and held to the language's rules."""

from build_factsheet.model.plurals import categories, choose, form_problems, group_plurals

RU = {"one": "{n} член", "few": "{n} члена", "many": "{n} членов", "other": "{n} члена"}
EN = {"one": "{n} member", "other": "{n} members"}


def test_a_mapping_of_plural_categories_is_one_message():
    flat = {"a.text.one": "x", "a.text.other": "y", "b.one": "not plural", "b.label": "z", "c": "w"}
    grouped, plurals = group_plurals(flat)
    assert grouped == {"a.text": "y", "b.one": "not plural", "b.label": "z", "c": "w"}
    assert plurals == {"a.text": {"one": "x", "other": "y"}}


def test_each_language_needs_the_forms_of_its_cldr_rules():
    assert categories("en_GB") == ("one", "other")
    assert categories("ru") == ("one", "few", "many", "other")
    assert categories("ar") == ("zero", "one", "two", "few", "many", "other")
    assert categories("zh_Hans") == ("other",)
    assert categories("fr") == ("one", "many", "other")


def test_the_form_follows_the_number_the_message_names():
    values = {"n": 123}
    assert choose(RU, "ru", values, RU["other"]) == "{n} члена"        # 123: few
    assert choose(RU, "ru", {"n": 57}, RU["other"]) == "{n} членов"   # many
    assert choose(RU, "ru", {"n": 21}, RU["other"]) == "{n} член"     # one
    assert choose(EN, "en_GB", {"n": 1}, EN["other"]) == "{n} member"


def test_a_missing_form_is_an_error():
    forms = {k: v for k, v in RU.items() if k != "few"}
    assert form_problems(forms, EN, EN["other"], "ru", {"n"}) == [
        "plural form(s) few missing: the plural rules of ru need one, few, many, other"]


def test_a_lost_placeholder_in_one_form_is_an_error():
    forms = dict(RU, many="членов")
    assert form_problems(forms, EN, EN["other"], "ru", {"n"}) == [
        "plural form 'many' has placeholders none, the English {n}"]


def test_a_form_the_language_does_not_have_is_an_error():
    assert form_problems(dict(EN, few="{n} members"), EN, EN["other"], "en_GB", {"n"}) == [
        "plural form(s) few not used by en_GB (its forms: one, other)"]


def test_one_string_stands_for_a_language_with_one_form_only():
    assert form_problems(None, EN, EN["other"], "zh_Hans", {"n"}) == []
    assert form_problems(None, EN, EN["other"], "ru", {"n"})[0].startswith("the English has plural forms")


def test_plural_forms_need_a_number_to_choose_by():
    forms = {"one": "{date} x", "other": "{date} y"}
    assert form_problems(forms, forms, forms["other"], "en_GB", {"n"}) == [
        "plural forms need a number to choose between them: the message names no number {value}"]
