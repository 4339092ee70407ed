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
