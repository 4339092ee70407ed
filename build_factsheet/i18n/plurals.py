"""English keys + a language's CLDR plural rule -> which keys are one message in plural forms, and the notes
that tell a translator which numbers each form is for."""

from __future__ import annotations

# CLDR's plural categories, in its order. A mapping of some of them, `other` included, is one
# message in plural forms: each language writes the categories of its own CLDR locale.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# The number a plural message counts; a form used for one number only may spell it out instead
# (Arabic "صفحة واحدة", one page).
PLURAL_COUNT = "count"


def plural_groups(english: dict[str, str]) -> set[str]:
    """Return the prefixes whose keys are CLDR plural categories, `other` among them: messages in plural forms."""
    children: dict[str, set[str]] = {}
    for key in english:
        prefix, _, last = key.rpartition(".")
        if prefix:
            children.setdefault(prefix, set()).add(last)
    return {prefix for prefix, names in children.items()
            if "other" in names and names <= set(PLURAL_CATEGORIES)}


def plural_rule(ws, lang: str):
    """The CLDR plural rule of `lang` (Babel's PluralRule: number -> category); `ws` is an i18n Workspace."""
    from babel import Locale

    settings = ws.factsheet.locales.get(lang)
    return Locale.parse(settings.cldr if settings else lang).plural_form


def plural_notes(ws, lang: str, expected: dict[str, str]) -> dict[str, list[str]]:
    """A plural form's note: which numbers use it in this language (CLDR), and whether {count} may be a word."""
    groups = plural_groups(ws.english)
    if not groups:
        return {}
    rule = plural_rule(ws, lang)
    omissible = ws.omissible(lang)
    notes = {}
    for key in expected:
        prefix, _, category = key.rpartition(".")
        if prefix in groups:
            numbers = [str(n) for n in range(200) if rule(n) == category][:6]
            shown = ", ".join(numbers) + ("…" if len(numbers) == 6 else "") if numbers else "fractions"
            note = f"Plural form '{category}' of this language (CLDR), used for {shown}."
            if key in omissible:
                note += f" It may write the number as a word instead of {{{PLURAL_COUNT}}}."
            notes[key] = [note]
    return notes


def gettext_plural_forms(ws, lang: str) -> str:
    """Return the PO `Plural-Forms` header of `lang`: msgstr[i] is the i-th of `ws.plural_categories(lang)`.

    Babel's gettext table first, the expression tools know. Russian there has 3 forms where CLDR,
    and the locale files, have 4 (`other` is for fractions, which gettext's whole numbers never
    reach): the same expression then counts a last form it never picks. Else the expression Babel
    derives from the CLDR rule. Each is used only when it picks, for every whole number, the
    category CLDR does.
    """
    import gettext

    from babel.messages.plurals import get_plural
    from babel.plural import to_gettext

    categories = ws.plural_categories(lang)
    rule = plural_rule(ws, lang)
    settings = ws.factsheet.locales.get(lang)
    cldr = settings.cldr if settings else lang
    known = get_plural(cldr)
    candidates = [f"nplurals={count}; plural={known.plural_expr};"
                  for count in (known.num_plurals, known.num_plurals + 1)] + [to_gettext(rule)]
    for header in candidates:
        count, _, expression = header.partition(";")
        expression = expression.strip().removeprefix("plural=").rstrip(";").strip()
        if int(count.split("=")[1]) != len(categories):
            continue
        try:
            index = gettext.c2py(expression)
        except (ValueError, SyntaxError):  # a CLDR operand gettext lacks (e: compact exponent)
            continue
        if all(categories[index(n)] == rule(n) for n in range(1000)):
            return f"nplurals={len(categories)}; plural={expression};"
    raise ValueError(f"no gettext plural expression matches the CLDR categories of {lang}: {categories}")
