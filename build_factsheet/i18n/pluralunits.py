"""A language's message in plural forms <-> one exchange unit: its forms in the order of the language's CLDR categories (PO msgstr[n], XLIFF group), and back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from build_factsheet.i18n.exchangefiles import Form, Unit
from build_factsheet.i18n.plurals import plural_notes


def plural_unit(ws, lang: str, key: str, translations: dict[str, str], previous: dict[str, str] | None,
                reviewed: bool, context: list[str], notes: list[str], line: int | None) -> Unit:
    """Return the unit of the plural message `key` of `lang` (`ws`: an i18n Workspace): one form per category.

    `previous`: the English forms a stale message was translated from. Each form carries the
    English it translates (the English form of its category, else `other`) and a note saying
    which numbers use it.
    """
    english = ws.messages[key]
    expected = ws.expected(lang)
    form_notes = plural_notes(ws, lang, expected)
    forms = []
    for category in ws.plural_categories(lang):
        form_key = f"{key}.{category}"
        before = previous.get(category, previous.get("other")) if previous else None
        forms.append(Form(expected[form_key], translations.get(form_key, ""), category, before,
                          form_notes.get(form_key, [])))
    return Unit(key, english.get("one", english["other"]), "", reviewed, notes, context, line,
                previous.get("one", previous.get("other")) if previous else None, forms=forms,
                english_plural=english["other"], previous_plural=previous.get("other") if previous else None)


@dataclass
class Incoming:
    """One message of an exchange file, as the import takes it: each key it writes and the English it came from."""

    key: str
    translations: dict[str, str]        # each key of the locale file (a plural message: each form) -> text
    lines: dict[str, int | None]        # each of those keys -> its line in the exchange file
    english: str | dict[str, str]       # the English the file says it translates
    current: bool                       # that English is today's
    reviewed: bool
    notes: list[str] | None
    forms: dict[str, str] = field(default_factory=dict)  # a form's key -> its category, for messages


def incoming(ws, lang: str, unit: Unit) -> tuple[Incoming | None, str | None]:
    """Map a unit read from a file to the keys of `lang`'s file; or return why it cannot be (`ws`: a Workspace)."""
    english = ws.messages.get(unit.key)
    if unit.forms is None:
        if isinstance(english, dict):
            return None, "a message in plural forms, but the file has it as one string: export again"
        if unit.key.rpartition(".")[0] in ws.messages and isinstance(ws.messages[unit.key.rpartition(".")[0]], dict):
            return None, ("a plural form on its own, as files exported before a plural message was one unit "
                          "had it: export again")
        return Incoming(unit.key, {unit.key: unit.translation}, {unit.key: unit.line}, unit.english,
                        unit.english == english, unit.reviewed, unit.notes), None
    if not isinstance(english, dict):
        return None, "written with plural forms, but the English is one string: export again"
    categories = ws.plural_categories(lang)
    if len(unit.forms) != len(categories):
        return None, (f"has {len(unit.forms)} plural form(s); {lang} has {len(categories)} "
                      f"({', '.join(categories)}): export again")
    forms = {f"{unit.key}.{category}": replace(form, category=category)
             for category, form in zip(categories, unit.forms)}
    if unit.english_plural is not None:  # PO: msgid and msgid_plural, the English `one` and `other`
        said = {**({"one": unit.english} if "one" in english else {}), "other": unit.english_plural}
        current = (unit.english, unit.english_plural) == (english.get("one", english["other"]), english["other"])
    else:  # XLIFF: each form's source, the English of its category
        expected = ws.expected(lang)
        said = {form.category: form.english for form in forms.values()}
        current = all(form.english == expected[form_key] for form_key, form in forms.items())
    return Incoming(unit.key, {form_key: form.translation for form_key, form in forms.items()},
                    {form_key: form.line for form_key, form in forms.items()}, english if current else said,
                    current, unit.reviewed, unit.notes,
                    {form_key: form.category for form_key, form in forms.items()}), None


def name_form(problem, forms: dict[str, str]):
    """A problem found on a plural form: named by its message's key, and the form."""
    category = forms.get(problem.key or "")
    if category is None:
        return problem
    return replace(problem, key=problem.key.rpartition(".")[0], message=f"plural form '{category}': {problem.message}")
