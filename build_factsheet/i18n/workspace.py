"""Project root -> its publications and each string set (theirs, the kit page's): the English catalog and any language's, as the translator tools read them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from build_factsheet.errors import Problem, SourceError
from build_factsheet.model.locales import KIT_LOCALES_DIR, LOCALES_DIR, Catalog, locale_path, read_catalog
from build_factsheet.model.source import Factsheet, load_publications
from build_factsheet.model.yamlfile import load_yaml
from build_factsheet.i18n.plurals import PLURAL_CATEGORIES, PLURAL_COUNT, plural_groups, plural_rule

KIT_SET = "kit"
PUBLICATIONS_SET = "publications"  # the name of the default set, "" inside
KIT_SETTINGS = "layouts/kit/strings.yaml"  # the kit page's own settings: identical_ok for its strings


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
    name: str = ""                     # the string set: "" the publications', "kit" the kit page's
    locales_dir: str = LOCALES_DIR     # where its <lang>.yaml and <lang>.fingerprints.yaml are
    kit_identical_ok: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.publications = self.publications or [self.factsheet]

    @property
    def is_kit(self) -> bool:
        return self.name == KIT_SET

    @property
    def document_id(self) -> str:
        """Names its exchange files and says, in them, which string set they belong to."""
        return self.name if self.name else self.factsheet.document_id

    @property
    def identical_ok(self) -> list[str]:
        """The strings a translation may leave as the English has them."""
        if self.is_kit:
            return self.kit_identical_ok
        return self.factsheet.proper_names + self.factsheet.identical_ok

    def keys_that_may_stay(self):
        return frozenset() if self.is_kit else self.factsheet.keys_that_may_stay()

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

    @cached_property
    def messages(self) -> dict[str, str | dict[str, str]]:
        """Return each message a translator translates -> its English, in file order: a text, or the
        English forms of a message in plural forms by CLDR category (one unit under its own key)."""
        english = self.english
        groups = plural_groups(english)
        messages: dict[str, str | dict[str, str]] = {}
        for key, text in english.items():
            prefix = key.rpartition(".")[0]
            if prefix not in groups:
                messages[key] = text
            elif prefix not in messages:
                messages[prefix] = {category: english[f"{prefix}.{category}"]
                                    for category in PLURAL_CATEGORIES if f"{prefix}.{category}" in english}
        return messages

    def forms(self, lang: str, key: str) -> list[str]:
        """Return the keys `lang` writes for the message `key`: itself, or one per plural category."""
        english = self.messages[key]
        if isinstance(english, str):
            return [key]
        categories = list(english) if lang == self.source_lang else self.plural_categories(lang)
        return [f"{key}.{category}" for category in categories]

    def message_of(self, key: str) -> str:
        """Return the message a key belongs to: a plural form's message ('a.text.few' -> 'a.text'), else the key."""
        prefix = key.rpartition(".")[0]
        return prefix if isinstance(self.messages.get(prefix), dict) else key

    def expected(self, lang: str) -> dict[str, str]:
        """Return each key `lang` translates -> the English it translates, in the English order.

        A plural message has the categories of `lang`'s CLDR locale, each translating the
        English form of that category, else the English `other`.
        """
        english = self.english
        groups = plural_groups(english)
        if not groups or lang == self.source_lang:
            return english
        categories = self.plural_categories(lang)
        expected: dict[str, str] = {}
        for key, text in english.items():
            prefix = key.rpartition(".")[0]
            if prefix not in groups:
                expected[key] = text
            elif f"{prefix}.{categories[0]}" not in expected:
                for category in categories:
                    expected[f"{prefix}.{category}"] = english.get(f"{prefix}.{category}", english[f"{prefix}.other"])
        return expected

    def plural_categories(self, lang: str) -> list[str]:
        tags = plural_rule(self, lang).tags
        return [category for category in PLURAL_CATEGORIES if category in tags or category == "other"]

    def omissible(self, lang: str) -> dict[str, set[str]]:
        """Return the placeholders a key of `lang` may leave out: {count}, in a plural form for one number only."""
        rule = plural_rule(self, lang)
        numbers: dict[str, list[int]] = {}
        for n in range(1000):  # enough to see every category's shape, of every CLDR language
            numbers.setdefault(rule(n), []).append(n)
        groups = plural_groups(self.english)
        return {key: {PLURAL_COUNT} for key in self.expected(lang)
                for prefix, _, category in [key.rpartition(".")]
                if prefix in groups and len(numbers.get(category, ())) == 1}

    def keys_of(self, publication: Factsheet) -> list[str]:
        """The messages `publication` uses, in file order (a plural message is one, 'a.text')."""
        used = set(publication.required_keys()) | publication.optional_keys()
        return [key for key in self.messages if key in used]

    def catalog(self, lang: str) -> tuple[Catalog | None, list[Problem]]:
        """Read a translation; an empty value is a string not translated yet, not a problem."""
        return read_catalog(self.root, lang, allow_empty=True, directory=self.locales_dir, plural_messages=False)

    def exists(self, lang: str) -> bool:
        return locale_path(self.root, lang, self.locales_dir).exists()

    def locale_path(self, lang: str) -> Path:
        return locale_path(self.root, lang, self.locales_dir)

    def strings(self, name: str) -> Workspace:
        """Return the string set `name`: "publications" (or ""), or "kit", the kit page's."""
        name = "" if name == PUBLICATIONS_SET else name
        if name == self.name:
            return self
        if name == KIT_SET:
            return open_kit_strings(self)
        if name == "":
            return open_workspace(self.root)
        raise SourceError(f"No string set '{name}': the sets are '{PUBLICATIONS_SET}' (default) and '{KIT_SET}'.")

    def string_sets(self) -> list[Workspace]:
        """The publications' strings, then the kit page's (when the project has a kit)."""
        sets = [self.strings("")]
        if (self.root / KIT_LOCALES_DIR / f"{self.source_lang}.yaml").exists():
            sets.append(self.strings(KIT_SET))
        return sets

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
    source, problems = read_catalog(root, factsheet.source_locale, plural_messages=False)
    if source is None:
        raise SourceError("The source language's strings cannot be read:", problems)
    return Workspace(root, factsheet, source, problems, publications=publications)


def open_kit_strings(ws: Workspace) -> Workspace:
    """The kit page's words (layouts/kit/locales/) as a string set; raise SourceError if its English cannot be read."""
    source, problems = read_catalog(ws.root, ws.source_lang, directory=KIT_LOCALES_DIR, plural_messages=False)
    if source is None:
        raise SourceError("The kit page's English strings cannot be read:", problems)
    settings, found = load_yaml(ws.root / KIT_SETTINGS) if (ws.root / KIT_SETTINGS).exists() else (None, [])
    allowed = settings.data.get("identical_ok", []) if settings and isinstance(settings.data, dict) else []
    allowed = [text for text in allowed if isinstance(text, str)] if isinstance(allowed, list) else []
    return replace(ws, source=source, source_problems=problems + found, name=KIT_SET,
                   locales_dir=KIT_LOCALES_DIR, kit_identical_ok=allowed)
