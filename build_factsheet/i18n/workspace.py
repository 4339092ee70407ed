"""Project root -> its publications, the English catalog and any language's catalog, as translators' tools read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from build_factsheet.errors import Problem, SourceError
from build_factsheet.model.locales import Catalog, locale_path, read_catalog
from build_factsheet.model.source import Factsheet, load_publications


@dataclass
class Workspace:
    """A project opened for translation work: the source language's strings are the reference.

    The project's locale files serve every publication: the source language's file holds the
    union of their keys, and a key two publications use is one string to translate. `factsheet`
    is the first publication, for what the project's publications share (languages, names,
    collections); each knows the keys and placeholders of the others.
    """

    root: Path
    factsheet: Factsheet
    source: Catalog
    source_problems: list[Problem]
    publications: list[Factsheet] = field(default_factory=list)

    def __post_init__(self):
        self.publications = self.publications or [self.factsheet]

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

    def keys_of(self, publication: Factsheet) -> list[str]:
        """The source language's keys that `publication` uses, in file order."""
        used = set(publication.required_keys()) | publication.optional_keys()
        return [key for key in self.source.messages if key in used]

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
    """Load every publication and the source language's strings; raise SourceError if any cannot be read."""
    publications = load_publications(root)
    factsheet = publications[0]
    source, problems = read_catalog(root, factsheet.source_locale)
    if source is None:
        raise SourceError("The source language's strings cannot be read:", problems)
    return Workspace(root, factsheet, source, problems, publications)
