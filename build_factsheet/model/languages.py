"""project.yaml's `languages` -> a LocaleSettings per language (CLDR locale, direction, tag, script, status, house style), checked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from build_factsheet.errors import Problem
from build_factsheet.model.fields import NAME, FieldReader, describe_value
from build_factsheet.model.style import HouseStyle, read_style
from build_factsheet.model.yamlfile import YamlDocument

LANG = re.compile(r"^[a-z]{2,3}$")
STATUSES = ("released", "in_progress")


@dataclass(frozen=True)
class LocaleSettings:
    """How one language is written: its CLDR locale, direction, HTML tag, script, status and house style."""

    lang: str
    cldr: str
    dir: str
    html_lang: str
    script: str = "latin"
    status: str = "released"
    style: HouseStyle = field(default_factory=HouseStyle)  # dates, numbers, punctuation (model/style.py)


def cldr_problems(locales: dict[str, LocaleSettings], project_doc: YamlDocument) -> list[Problem]:
    """Each language whose CLDR locale Babel does not know: checked with the schemas, since
    loading Babel is a twentieth of a build with nothing to do, and a project.yaml that has not
    changed since the last good build was checked then."""
    from babel import Locale, UnknownLocaleError

    problems = []
    for lang, settings in locales.items():
        try:
            Locale.parse(settings.cldr)
        except (UnknownLocaleError, ValueError):
            problems.append(project_doc.problem(f"languages.{lang}.cldr",
                                                f"'{settings.cldr}' is not a CLDR locale Babel knows"))
    return problems



def read_languages(reader: FieldReader, data) -> dict[str, LocaleSettings]:
    if not isinstance(data, dict) or not data:
        reader.error("languages", "expected a mapping of language codes to settings")
        return {}
    locales = {}
    for lang, settings in data.items():
        path = f"languages.{lang}"
        if not LANG.match(lang):
            reader.error(path, "language codes are two or three lower-case letters (ISO 639)")
            continue
        if not isinstance(settings, dict):
            reader.error(path, f"expected a mapping, got {describe_value(settings)}")
            continue
        reader.no_unknown(settings, ("cldr", "dir", "html_lang", "script", "status", "style"), path)
        cldr = reader.get(settings, "cldr", path, str)
        direction = reader.get(settings, "dir", path, str)
        if direction not in (None, "ltr", "rtl"):
            reader.error(f"{path}.dir", f"must be ltr or rtl, got '{direction}'")
        html_lang = reader.get(settings, "html_lang", path, str, required=False) or lang
        script = reader.get(settings, "script", path, str, required=False) or "latin"
        if not NAME.match(script):
            reader.error(f"{path}.script", "a script is a lower-case name: latin, cyrillic, arabic, han...")
        status = reader.get(settings, "status", path, str, required=False) or "released"
        if status not in STATUSES:
            reader.error(f"{path}.status", f"must be one of {', '.join(STATUSES)}, got '{status}'")
        if cldr and direction in ("ltr", "rtl"):
            style = read_style(reader, settings.get("style"), f"{path}.style")
            locales[lang] = LocaleSettings(lang, cldr, direction, html_lang, script, status, style)
    return locales
