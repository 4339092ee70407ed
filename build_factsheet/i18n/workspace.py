"""Project root -> the factsheet, the English catalog and any language's catalog, as the translator tools read them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_factsheet.errors import Problem, SourceError
from build_factsheet.model.locales import Catalog, locale_path, read_catalog
from build_factsheet.model.source import Factsheet, load_factsheet


@dataclass
class Workspace:
    """A project opened for translation work: the source language's strings are the reference."""

    root: Path
    factsheet: Factsheet
    source: Catalog
    source_problems: list[Problem]

    @property
    def source_lang(self) -> str:
        return self.factsheet.source_locale

    @property
    def english(self) -> dict[str, str]:
        """The source language's strings, in file order (the order every other file follows)."""
        return self.source.messages

    @property
    def order(self) -> list[str]:
        return list(self.source.messages)

    def forms(self, lang: str, key: str) -> tuple[str, ...]:
        """The plural forms `lang` writes `key` in, as separate strings for a CAT tool; () if `key` is one string.

        A language whose rules have only `other` (Chinese) writes a plural message as one string.
        """
        from build_factsheet.model.plurals import categories

        if key not in self.source.plurals or lang not in self.factsheet.locales:
            return ()
        needed = categories(self.factsheet.locales[lang].cldr)
        return () if needed == ("other",) else needed

    def english_units(self, lang: str) -> dict[str, str]:
        """The English of every string `lang` translates, a plural message as one unit per form ('key.few')."""
        units: dict[str, str] = {}
        for key, english in self.english.items():
            forms = self.forms(lang, key)
            if not forms:
                units[key] = english
            for form in forms:
                units[f"{key}.{form}"] = self.source.plurals[key].get(form, english)
        return units

    def translation_units(self, catalog: Catalog) -> dict[str, str]:
        """A translation's strings keyed as english_units keys them."""
        units: dict[str, str] = {}
        for key, text in catalog.messages.items():
            forms = self.forms(catalog.lang, key)
            if not forms:
                units[key] = text
            for form in forms:
                if form in catalog.plurals.get(key, {}):
                    units[f"{key}.{form}"] = catalog.plurals[key][form]
        return units

    def numbers(self) -> set[str]:
        """The names of the values that are numbers: those a plural message's form follows."""
        return {name for name, value in self.factsheet.values.items() if isinstance(value, int)}

    def base_key(self, unit_key: str) -> str:
        """The message a unit belongs to: 'a.text' for 'a.text.few'."""
        parent = unit_key.rpartition(".")[0]
        return parent if parent in self.source.plurals else unit_key

    def catalog(self, lang: str) -> tuple[Catalog | None, list[Problem]]:
        """Read a translation; an empty value is a string not translated yet, not a problem."""
        return read_catalog(self.root, lang, allow_empty=True)

    def exists(self, lang: str) -> bool:
        return locale_path(self.root, lang).exists()

    def require_translation(self, lang: str) -> None:
        """Raise SourceError unless `lang` is a configured language other than the source language."""
        if lang == self.source_lang:
            raise SourceError(f"'{lang}' is the source language: its file is the reference, not a translation.")
        if lang not in self.factsheet.locales:
            raise SourceError(
                f"Language '{lang}' is not configured.",
                [self.factsheet.language_problem(
                    lang, f"add a line for it, e.g. `{lang}: {{cldr: {lang}, dir: ltr, script: latin, "
                          f"status: in_progress}}` (dir: rtl for a right-to-left script), then run the command again")])


def open_workspace(root: Path) -> Workspace:
    """Load the factsheet and the source language's strings; raise SourceError if either cannot be read."""
    factsheet = load_factsheet(root)
    source, problems = read_catalog(root, factsheet.source_locale)
    if source is None:
        raise SourceError("The source language's strings cannot be read:", problems)
    return Workspace(root, factsheet, source, problems)
