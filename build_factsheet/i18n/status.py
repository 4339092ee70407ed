"""Project + languages -> each locale's status: share translated, missing, extra and stale keys, QA problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from build_factsheet.errors import Problem, display_path
from build_factsheet.model.locales import check_source_catalog, locale_path
from build_factsheet.model.plurals import group_plurals
from build_factsheet.model.yamlfile import flatten
from build_factsheet.i18n.fingerprints import StaleKey, fingerprints_path, read_fingerprints, stale_keys
from build_factsheet.i18n.qa import check_placeholder_words, check_quality, is_untranslated
from build_factsheet.i18n.workspace import Workspace

MISSING_SHOWN = 12  # a new language misses every key: name a few, --json has the rest


@dataclass
class LocaleStatus:
    """Where one language stands against the current English."""

    lang: str
    path: str
    is_source: bool
    exists: bool
    total: int
    translated: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    stale: list[StaleKey] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # reading, fingerprints and QA
    fingerprints: str | None = None  # the fingerprint file, when it does not exist
    lines: dict[str, int | None] = field(default_factory=dict, repr=False)

    @property
    def percent(self) -> int:
        # Rounded down: 99.6% must not read as done.
        return 100 * len(self.translated) // self.total if self.total else 100

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """Complete, current and free of QA errors: what `status --strict` requires."""
        return self.exists and not (self.missing or self.extra or self.stale or self.errors)

    def details(self) -> list[Problem]:
        """Every finding as a `path:line: key: message` problem, stale and extra keys included."""
        if self.fingerprints:  # one line, not one per string
            found = [Problem(self.fingerprints, None, None,
                             f"does not exist, so all {len(self.stale)} translated string(s) count as stale: "
                             f"review them, then `build-factsheet i18n review {self.lang} --all`")]
        else:
            found = [Problem(self.path, self.lines.get(s.key), s.key, f"stale: {s.describe()}") for s in self.stale]
        found += [Problem(self.path, self.lines.get(key), key, "unknown key: the English has no such key")
                  for key in self.extra]
        return found + sorted(self.problems, key=lambda p: (p.line or 0, p.key or "", p.message))

    def to_dict(self) -> dict:
        return {
            "lang": self.lang, "file": self.path, "source": self.is_source, "exists": self.exists,
            "translated": len(self.translated), "total": self.total, "percent": self.percent,
            "missing": self.missing, "extra": self.extra,
            "stale": [{"key": s.key, "reason": s.reason} for s in self.stale],
            "problems": [{"file": p.path, "line": p.line, "key": p.key, "severity": p.severity,
                          "message": p.message} for p in self.problems],
            "ok": self.ok,
        }


def locale_status(ws: Workspace, lang: str) -> LocaleStatus:
    """Compare one language's file and fingerprints with the current English."""
    english = ws.english
    path = display_path(locale_path(ws.root, lang))
    if lang == ws.source_lang:
        problems = [*ws.source_problems, *check_source_catalog(ws.source, ws.factsheet),
                    *check_quality(ws.source, ws.source)]
        problems = list(dict.fromkeys(problems))  # loading and QA both report refused characters
        return LocaleStatus(lang, path, True, True, len(english), translated=list(english), problems=problems,
                            lines={key: ws.source.line_of(key) for key in english})
    status = LocaleStatus(lang, path, False, ws.exists(lang), len(english))
    if not status.exists:
        status.missing = list(english)
        return status
    catalog, problems = ws.catalog(lang)
    status.problems = list(problems)
    if catalog is None:
        status.missing = list(english)
        return status
    status.lines = {key: catalog.line_of(key) for key in group_plurals(flatten(catalog.doc.data))[0]}
    allowed = ws.factsheet.proper_names + ws.factsheet.identical_ok
    may_stay = ws.factsheet.keys_that_may_stay()
    # A string left in English, or a TODO, is no translation: it does not count towards 100%.
    status.translated = [key for key in english if key in catalog.messages
                         and not is_untranslated(key, english[key], catalog.messages[key], allowed, may_stay)
                         and not check_placeholder_words(english[key], catalog.messages[key], lang)]
    status.missing = [key for key in english if key not in catalog.messages]
    status.extra = [key for key in status.lines if key not in english]
    recorded, found = read_fingerprints(ws.root, lang)
    status.problems += found
    if recorded is None and not found:
        status.fingerprints = display_path(fingerprints_path(ws.root, lang))
    status.stale = stale_keys(status.translated, english, recorded)
    status.problems += check_quality(catalog, ws.source, allowed, may_stay,
                                     cldr=ws.factsheet.locales[lang].cldr, numbers=ws.numbers())
    status.problems = list(dict.fromkeys(status.problems))  # loading and QA both report refused characters
    return status


def project_status(ws: Workspace, langs: list[str] | None = None) -> list[LocaleStatus]:
    """Return the status of `langs`, default every configured language, source language first."""
    langs = langs or list(ws.factsheet.locales)
    return [locale_status(ws, lang) for lang in langs]


def render_table(statuses: list[LocaleStatus]) -> str:
    """Return a table of the statuses, then every finding as `path:line: key: message`."""
    header = ("language", "translated", "", "missing", "extra", "stale", "errors", "warnings")
    rows = [header]
    for s in statuses:
        counts = ("source", "", "", str(len(s.errors)), str(len(s.warnings))) if s.is_source else (
            str(len(s.missing)), str(len(s.extra)), str(len(s.stale)), str(len(s.errors)), str(len(s.warnings)))
        translated = f"{len(s.translated)}/{s.total}" if s.exists else "no file"
        rows.append((s.lang, translated, f"{s.percent}%", *counts))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             .rstrip() for row in rows]
    for s in statuses:
        if not s.exists:
            lines += ["", f"{s.lang}: {s.path} does not exist yet: start it with `build-factsheet i18n new {s.lang}`"]
            continue
        if s.missing:
            shown = s.missing if len(s.missing) <= MISSING_SHOWN else s.missing[:MISSING_SHOWN] + [
                f"… and {len(s.missing) - MISSING_SHOWN} more (--json lists them all)"]
            lines += ["", f"{s.lang}: {len(s.missing)} missing: {', '.join(shown)}"]
        details = s.details()
        if details:
            lines += ["", f"{s.lang}:"] + [f"  {p}" + (" (warning)" if p.severity != "error" else "")
                                         for p in details]
    return "\n".join(lines)
