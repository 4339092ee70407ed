"""source/locales/<lang>.yaml -> a validated Catalog of translated strings, keyed 'a.b.c'."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from build_factsheet.errors import Problem, SourceError, UsageError, raise_if_errors
from build_factsheet.model.plurals import form_problems, group_plurals
from build_factsheet.model.source import EDITION, Factsheet
from build_factsheet.model.yamlfile import YamlDocument, flatten, load_yaml

LOCALES_DIR = "source/locales"
# The words of the kit's page (output/index.html), one file per language like the publications'.
KIT_LOCALES_DIR = "layouts/kit/locales"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass
class Catalog:
    """One language's strings, where each was written, and how they were validated."""

    lang: str
    path: Path
    messages: dict[str, str]
    doc: YamlDocument | None = field(default=None, repr=False)
    fallback_keys: tuple[str, ...] = ()  # keys filled from the source locale (draft builds)
    empty_keys: tuple[str, ...] = ()     # keys present but left empty (not yet translated)
    in_progress: bool = False            # a language still being translated: always a draft
    warnings: tuple[Problem, ...] = ()   # a draft's problems that do not stop it (extra keys...)
    # Messages with plural forms (model/plurals.py): key -> {category: text}; messages holds their `other`.
    plurals: dict[str, dict[str, str]] = field(default_factory=dict)


    def line_of(self, key: str) -> int | None:
        return self.doc.line_of(key) if self.doc else None

    @property
    def is_draft(self) -> bool:
        return self.in_progress or bool(self.fallback_keys)


def locale_path(root: Path, lang: str, directory: str = LOCALES_DIR) -> Path:
    return root / directory / f"{lang}.yaml"


def refused_locale_file(root: Path, lang: str, directory: str = LOCALES_DIR) -> Problem | None:
    """Say why a locale file cannot be read, without reading it: missing, a folder, or a link out of the project."""
    path = locale_path(root, lang, directory)
    name = f"{directory}/{lang}.yaml"
    if path.is_symlink():
        target = path.resolve()
        if not any(target.is_relative_to(base.resolve()) for base in (root, (root / directory).parent)):
            return Problem(name, None, None, f"a symbolic link leading out of the project (to {target}): refused, "
                                             f"not read; copy the file into {directory}/ instead")
    if path.is_dir():
        return Problem(name, None, None, "a folder, not a file: the locale file must be a YAML file")
    if path.exists() and not path.is_file():
        return Problem(name, None, None, "not a regular file (a named pipe, device or socket): the locale file "
                                         "must be a YAML file")
    if not path.is_file():
        return Problem(name, None, None, "file not found" if not path.is_symlink() else "a broken symbolic link")
    return None


def unconfigured_locale_files(factsheet: Factsheet) -> list[Problem]:
    """A file source/locales/<lang>.yaml for a language the project file does not list: it would never be built."""
    problems = []
    for path in sorted((factsheet.root / LOCALES_DIR).glob("*.yaml")):
        lang = path.name.removesuffix(".yaml")
        if "." in lang or lang in factsheet.locales:  # <lang>.fingerprints.yaml belongs to <lang>
            continue
        problems.append(Problem(f"{LOCALES_DIR}/{path.name}", None, None,
                                f"a locale file for '{lang}', a language {factsheet.project_doc.name} does not configure, "
                                f"so it is never built: add `{lang}: {{cldr: {lang}, dir: ltr, script: latin, status: "
                                f"in_progress}}` under languages (rtl, and its script, for another writing system), "
                                "or rename or remove the file"))
    return problems


def locale_file_problems(factsheet: Factsheet, langs: list[str]) -> list[Problem]:
    """What is wrong with the locale files of `langs` (and the source's) before anything reads them."""
    langs = list(dict.fromkeys([factsheet.source_locale, *langs]))
    found = [refused_locale_file(factsheet.root, lang) for lang in langs if lang in factsheet.locales]
    return [p for p in found if p is not None] + unconfigured_locale_files(factsheet)


def require_languages(factsheet: Factsheet, langs: list[str]) -> None:
    """Raise UsageError (exit 2) naming each language of `langs` that the project does not configure,
    or that the publication does not list (document.languages)."""
    unknown = [lang for lang in langs if lang not in factsheet.locales]
    if unknown:
        raise UsageError(f"Unknown language(s): {', '.join(unknown)} (configured: {', '.join(factsheet.locales)})",
                         [factsheet.language_problem(lang) for lang in unknown])
    # A publication that lists its languages is made in those only: not a PDF nobody planned.
    elsewhere = [lang for lang in langs if factsheet.languages is not None and lang not in factsheet.languages]
    if elsewhere:
        raise UsageError(f"'{factsheet.document_id}' is not made in {', '.join(elsewhere)} (its languages: "
                         f"{', '.join(factsheet.languages)})",
                         [factsheet.doc.problem("document.languages", f"'{lang}' is not one of this publication's "
                                                "languages") for lang in elsewhere])


def available_languages(factsheet: Factsheet) -> list[str]:
    """Return the released languages whose locale file exists, in the project's order: what a
    build makes and publishes when it is not given languages (those in progress: drafts only)."""
    return [lang for lang, settings in factsheet.locales.items()
            if settings.status == "released" and locale_path(factsheet.root, lang).exists()
            and (factsheet.languages is None or lang in factsheet.languages)]


def languages_in_progress(factsheet: Factsheet) -> list[str]:
    """Return the languages in progress whose locale file exists: a build makes them as drafts."""
    return [lang for lang, settings in factsheet.locales.items()
            if settings.status == "in_progress" and locale_path(factsheet.root, lang).exists()
            and (factsheet.languages is None or lang in factsheet.languages)]


def read_catalog(root: Path, lang: str, allow_empty: bool = False, directory: str = LOCALES_DIR,
                 plural_messages: bool = True) -> tuple[Catalog | None, list[Problem]]:
    """Parse a locale file and check each entry's type; no cross-file checks yet.

    With `allow_empty`, an empty value is a string not yet translated (a scaffold from
    `i18n new` is all empty values): it is left out of `messages` and listed in
    `Catalog.empty_keys`, so the translation check reports it missing, or a draft fills it in.
    Without `plural_messages`, each plural form is a string of its own ('a.text.few'), as the
    translator tools count, export and fingerprint them.
    """
    from build_factsheet import markup  # imports markdown-it: not on the path of a build with nothing to do

    path = locale_path(root, lang, directory)
    refused = refused_locale_file(root, lang, directory)
    if refused is not None:
        return None, [refused]
    doc, problems = load_yaml(path)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, problems + [doc.problem(None, "a locale file must be a mapping of keys")]
    messages: dict[str, str] = {}
    empty: list[str] = []
    flat, plural_forms = group_plurals(flatten(doc.data)) if plural_messages else (flatten(doc.data), {})
    plurals: dict[str, dict[str, str]] = {}
    for key, forms in plural_forms.items():
        if allow_empty and all(text is None or (isinstance(text, str) and not text.strip()) for text in forms.values()):
            empty.append(key)  # not translated yet
            continue
        bad = [name for name, text in forms.items() if not isinstance(text, str) or not text.strip()]
        problems += [doc.problem(f"{key}.{name}", "expected text in every plural form") for name in bad]
        if not bad:
            plurals[key] = dict(forms)
            for text in forms.values():
                problems += [doc.problem(key, message) for message in markup.refused(text)]
    for key, value in flat.items():
        if key in plural_forms and key not in plurals:
            continue  # reported above, or empty
        if isinstance(value, str):
            if value.strip():
                messages[key] = value
                problems += [doc.problem(key, message) for message in markup.refused(value)]
            elif allow_empty:
                empty.append(key)
            else:
                problems.append(doc.problem(key, "empty text"))
        elif value is None and allow_empty:
            empty.append(key)
        elif value is None or value == {}:
            problems.append(doc.problem(key, "empty value: write the text, or ask why the key exists"))
        else:
            kind = "a list" if isinstance(value, list) else type(value).__name__
            # YAML reads yes/no/on/off/true/false and bare numbers as values, not words: say how to keep them text.
            hint = "; put it in quotes to keep it text" if isinstance(value, (bool, int, float)) else ""
            problems.append(doc.problem(key, f"expected text, got {kind} ({value!r:.40}){hint}"))
    return Catalog(lang, path, messages, doc, empty_keys=tuple(empty), plurals=plurals), problems


def check_source_catalog(catalog: Catalog, factsheet: Factsheet) -> list[Problem]:
    """Compare the source locale with what the publication needs: missing, unused, placeholders."""
    required = factsheet.required_keys()
    optional = factsheet.optional_keys()
    problems = _mappings_for_text(catalog, required)
    present = set(catalog.messages) | _invalid_keys(catalog)
    for key, needed_by in required.items():
        if key not in present:
            problems.append(Problem(catalog.doc.name, catalog.line_of(key), key, f"missing (needed by {needed_by})"))
    for key in catalog.messages:
        if key not in required and key not in optional and key not in factsheet.other_keys:
            users = "no publication uses it" if factsheet.other_keys else f"{factsheet.source_file} does not use it"
            problems.append(catalog.doc.problem(key, f"unknown key: {users}"))
    names = set(factsheet.values) | {EDITION}
    for key, text in catalog.messages.items():
        allowed = names | set(factsheet.layout_placeholders(key))
        for name in placeholders(text):
            if name not in allowed:
                problems.append(catalog.doc.problem(key, f"unknown placeholder {{{name}}}"))
    return problems


def check_translation(catalog: Catalog, source: Catalog) -> list[Problem]:
    """Compare a translation's keys and placeholders with the source locale's."""
    problems = _mappings_for_text(catalog, source.messages)
    present = set(catalog.messages) | _invalid_keys(catalog)
    for key, english in source.messages.items():
        if key not in present:
            what = "empty text: not translated yet" if key in catalog.empty_keys else "missing translation"
            problems.append(Problem(catalog.doc.name, catalog.line_of(key), key,
                                    f"{what} (English: \"{_shorten(english)}\")"))
    for key, text in catalog.messages.items():
        if key not in source.messages:
            problems.append(catalog.doc.problem(key, f"unknown key: {source.doc.name} has no such key"))
            continue
        expected = sorted(placeholders(source.messages[key]))
        found = sorted(placeholders(text))
        if expected != found:
            problems.append(catalog.doc.problem(
                key, f"placeholders {_braces(found) or 'none'} differ from the English "
                     f"{_braces(expected) or 'none'}"))
    return problems


def load_catalogs(factsheet: Factsheet, langs: list[str], draft: bool = False) -> dict[str, Catalog]:
    """Load and validate the source locale and `langs`; raise SourceError listing every problem.

    With `draft`, strings missing from a translation are taken from the source locale and
    recorded in `Catalog.fallback_keys` instead of failing the build, and keys the source does
    not have are left out. A language in progress is always a draft, and every problem of its
    strings is a warning: the string concerned is taken from the source locale.
    """
    problems: list[Problem] = unconfigured_locale_files(factsheet)
    source_lang = factsheet.source_locale
    source, found = read_catalog(factsheet.root, source_lang)
    problems += found
    if source is not None:
        problems += check_source_catalog(source, factsheet)
        if source_lang in factsheet.locales:
            problems += check_plurals(source, source, factsheet.locales[source_lang].cldr, _numbers(factsheet))
    catalogs: dict[str, Catalog] = {}
    for lang in langs:
        if lang not in factsheet.locales:
            problems.append(factsheet.language_problem(lang))
            continue
        if lang == source_lang:
            if source is not None:
                catalogs[lang] = source
            continue
        catalog, found = read_catalog(factsheet.root, lang, allow_empty=True)
        if catalog is None or source is None:
            problems += found
            continue
        in_progress = factsheet.locales[lang].status == "in_progress"
        found += check_translation(catalog, source)
        found += check_plurals(catalog, source, factsheet.locales[lang].cldr, _numbers(factsheet))
        if draft or in_progress:
            catalog.in_progress = in_progress
            extra = {key for key in catalog.messages if key not in source.messages}
            if in_progress:  # work in progress never blocks a build: its strings' problems are warnings
                for key in {p.key for p in found} & set(catalog.messages):
                    del catalog.messages[key]  # the source's text stands in for it
            present = set(catalog.messages) | (set() if in_progress else _invalid_keys(catalog))
            missing = [key for key in source.messages if key not in present]  # absent or left empty
            found = [p for p in found if p.key not in missing]  # a draft fills them in
            catalog.warnings = tuple(_as_warning(p) for p in found if in_progress or p.key in extra)
            found = [p for p in found if not (in_progress or p.key in extra)]  # a draft tolerates extra keys
            for key in missing:
                catalog.messages[key] = source.messages[key]
                if key in source.plurals:
                    catalog.plurals[key] = source.plurals[key]
            catalog.fallback_keys = tuple(missing)
            catalog.messages = {k: catalog.messages[k] for k in source.messages if k in catalog.messages}
        problems += found
        catalogs[lang] = catalog
    raise_if_errors(problems, "The locale files have {count} problem(s):", SourceError)
    return catalogs


def check_plurals(catalog: Catalog, source: Catalog, cldr: str, numbers: set[str]) -> list[Problem]:
    """Each message the English writes with plural forms has every form `cldr`'s rules need, with the English's placeholders."""
    problems = []
    for key in set(source.plurals) | set(catalog.plurals):
        if key in catalog.messages and key in source.messages:
            for message in form_problems(catalog.plurals.get(key), source.plurals.get(key),
                                         source.messages[key], cldr, numbers):
                problems.append(catalog.doc.problem(key, message) if catalog.doc else
                                Problem(str(catalog.path), None, key, message))
    return sorted(problems, key=lambda p: (p.line or 0, p.key or ""))


def _numbers(factsheet: Factsheet) -> set[str]:
    return {name for name, value in factsheet.values.items() if isinstance(value, int)}


def _as_warning(problem: Problem) -> Problem:
    from dataclasses import replace

    return replace(problem, severity="warning")


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def _mappings_for_text(catalog: Catalog, text_keys) -> list[Problem]:
    """Report keys that should hold text but hold a mapping: YAML reads `value: {name}` as one.

    A translation's empty values are untranslated strings, so `{name: null}` would otherwise
    pass as a key that is present, yet has no text.
    """
    if not catalog.doc:
        return []
    parents = {key.rpartition(".")[0] for key in catalog.doc.lines} - set(catalog.plurals) - set(catalog.empty_keys)
    return [catalog.doc.problem(key, "expected text, got a mapping: a text that starts with { must be "
                                     "quoted, e.g. '{member_count}'")
            for key in text_keys if key in parents]


def _invalid_keys(catalog: Catalog) -> set[str]:
    """Keys present in the file but rejected by read_catalog (so not also reported missing).

    Empty (untranslated) keys are not among them: those are reported missing, at their line.
    """
    if not catalog.doc:
        return set()
    return set(catalog.doc.lines) - set(catalog.messages) - set(catalog.empty_keys)


def _braces(names: list[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in names)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
