"""Project + languages -> each locale's status: share translated, missing, extra and stale keys (with the English
they were translated from), QA problems."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace

from build_factsheet.errors import Problem, display_path
from build_factsheet.model.locales import KIT_LOCALES_DIR, check_source_catalog, read_catalog
from build_factsheet.model.yamlfile import flatten
from build_factsheet.i18n.fingerprints import StaleKey, fingerprints_path, message_records, stale_keys
from build_factsheet.i18n.qa import check_placeholder_words, check_quality, is_untranslated
from build_factsheet.i18n.workspace import KIT_SET, Workspace

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
    # With several publications: each one's share of this language, {id: PublicationShare}.
    publications: dict[str, "PublicationShare"] = field(default_factory=dict)
    lines: dict[str, int | None] = field(default_factory=dict, repr=False)
    # Each message's English today: a text, or a plural message's English forms by category.
    english: dict[str, str | dict[str, str]] = field(default_factory=dict, repr=False)
    strings: str = ""  # the string set: "" the publications', "kit" the kit page's

    @property
    def label(self) -> str:
        return f"{self.lang} ({self.strings})" if self.strings else self.lang

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
                             f"review them, then `build-factsheet i18n review {self.lang} --all"
                             + (f" --strings {self.strings}`" if self.strings else "`"))]
        else:
            found = [Problem(self.path, self.lines.get(s.key), s.key, f"stale: {s.describe()}") for s in self.stale]
        found += [Problem(self.path, self.lines.get(key), key, "unknown key: the English has no such key")
                  for key in self.extra]
        return found + sorted(self.problems, key=lambda p: (p.line or 0, p.key or "", p.message))

    def to_dict(self) -> dict:
        return {
            "lang": self.lang, "strings": self.strings or "publications", "file": self.path, "source": self.is_source, "exists": self.exists,
            "translated": len(self.translated), "total": self.total, "percent": self.percent,
            "missing": self.missing, "extra": self.extra,
            "stale": [{"key": s.key, "reason": s.reason, "previous_english": s.previous,
                       "english": self.english.get(s.key)} for s in self.stale],
            "problems": [{"file": p.path, "line": p.line, "key": p.key, "severity": p.severity,
                          "message": p.message} for p in self.problems],
            "ok": self.ok,
            **({"publications": {pub: share.to_dict() for pub, share in self.publications.items()}}
               if self.publications else {}),
        }


@dataclass
class PublicationShare:
    """Where one language stands for one publication: the strings it uses, translated or missing."""

    total: int
    translated: int
    missing: list[str]

    @property
    def percent(self) -> int:
        return 100 * self.translated // self.total if self.total else 100

    def to_dict(self) -> dict:
        return {"translated": self.translated, "total": self.total, "percent": self.percent,
                "missing": self.missing}


def locale_status(ws: Workspace, lang: str) -> LocaleStatus:
    """Compare one language's file and fingerprints with the current English, a plural message counting once."""
    english = ws.messages
    path = display_path(ws.locale_path(lang))
    if lang == ws.source_lang:
        # The publications need a plural message as one key ('a.text'), as the build reads it.
        own = [] if ws.is_kit else check_source_catalog(read_catalog(ws.root, lang)[0] or ws.source, ws.factsheet)
        problems = [*ws.source_problems, *own, *check_quality(ws.source, ws.source)]
        problems = list(dict.fromkeys(problems))  # loading and QA both report refused characters
        return LocaleStatus(lang, path, True, True, len(english), translated=list(english), problems=problems,
                            lines={key: ws.source.line_of(key) for key in english}, english=english,
                            strings=ws.name)
    status = LocaleStatus(lang, path, False, ws.exists(lang), len(english), english=english, strings=ws.name)
    if not status.exists:
        status.missing = list(english)
        return status
    catalog, problems = ws.catalog(lang)
    status.problems = list(problems)
    if catalog is None:
        status.missing = list(english)
        return status
    expected = ws.expected(lang)  # each form of a plural message on its own, for the QA checks
    status.lines = {key: catalog.line_of(key) for key in flatten(catalog.doc.data)}
    status.lines.update({key: catalog.line_of(key) for key in english if key not in status.lines})
    allowed = ws.identical_ok
    may_stay = ws.keys_that_may_stay()
    forms = {key: ws.forms(lang, key) for key in english}
    # A string left in English, or a TODO, is no translation: it does not count towards 100%.
    done = {key for key in expected if key in catalog.messages
            and not is_untranslated(key, expected[key], catalog.messages[key], allowed, may_stay)
            and not check_placeholder_words(expected[key], catalog.messages[key], lang)}
    status.translated = [key for key in english if all(form in done for form in forms[key])]
    status.missing = [key for key in english if not all(form in catalog.messages for form in forms[key])]
    status.extra = [key for key in status.lines if key not in expected and key not in english]
    for key in status.missing:
        written = [form for form in forms[key] if form in catalog.messages]
        needed = [form.rpartition(".")[2] for form in forms[key]]
        if key in catalog.messages and forms[key] != [key]:
            status.problems.append(Problem(path, status.lines[key], key, (
                f"written as one string, but the English has plural forms: write the forms of {lang} "
                f"({', '.join(needed)}) under it")))
        elif written:  # some forms, not all: say which
            lacking = [form.rpartition(".")[2] for form in forms[key] if form not in written]
            status.problems.append(Problem(path, status.lines[key], key, (
                f"plural form(s) {', '.join(lacking)} missing: the plural rules of {lang} need {', '.join(needed)}")))
    recorded, found = message_records(ws, lang)
    status.problems += found
    if recorded is None and not found:
        status.fingerprints = display_path(fingerprints_path(ws.root, lang, ws.locales_dir))
    status.stale = stale_keys(status.translated, english, recorded)
    status.problems += check_quality(catalog, replace(ws.source, messages=expected), allowed, may_stay,
                                     ws.omissible(lang))
    status.problems = list(dict.fromkeys(status.problems))  # loading and QA both report refused characters
    return status


def kit_problems(ws: Workspace, langs: list[str]) -> list[Problem]:
    """What a build refuses in the kit page's words of `langs` (a broken {count}...): their read and QA
    errors; a language without its own file is shown with the source language's words."""
    if not (ws.root / KIT_LOCALES_DIR / f"{ws.source_lang}.yaml").exists():
        return []
    kit = ws.strings(KIT_SET)
    found = [p for p in kit.source_problems if p.severity == "error"]
    for lang in langs:
        if lang != kit.source_lang and kit.exists(lang):
            status = locale_status(kit, lang)
            found += [p for p in status.errors if p.key is None or kit.message_of(p.key) in status.english]
    return list(dict.fromkeys(found))


def project_status(ws: Workspace, langs: list[str] | None = None) -> list[LocaleStatus]:
    """Return the status of `langs`, default every configured language, source language first."""
    langs = langs or list(ws.factsheet.locales)
    statuses = [locale_status(ws, lang) for lang in langs]
    if len(ws.publications) > 1 and not ws.is_kit:  # the total counts a string two publications use once
        for publication in ws.publications:
            for status in statuses:
                if publication.languages is None or status.lang in publication.languages:
                    keys = ws.keys_of(publication)
                    done = set(status.translated)
                    status.publications[publication.document_id] = PublicationShare(
                        len(keys), sum(key in done for key in keys), [key for key in keys if key not in done])
    return statuses


def describe_change(previous: str | dict[str, str] | None, english: str | dict[str, str]) -> list[str]:
    """Return the lines `status --verbose` shows under a stale string: the English it was translated
    from, today's, and the words that changed ([-removed-] {+added+}); a plural message's form by form."""
    if isinstance(english, dict):
        before = previous if isinstance(previous, dict) else {}
        if previous is None:
            return [f"now ({category}): {text}" for category, text in english.items()] + [
                "(the English it was translated from was not recorded)"]
        lines = []
        for category in [*english, *(c for c in before if c not in english)]:
            if category not in before:
                lines.append(f"now ({category}): {english[category]}  (a form the English did not have)")
            elif category not in english:
                lines.append(f"was ({category}): {before[category]}  (a form the English no longer has)")
            else:
                lines += [line.replace(":", f" ({category}):", 1) for line in _changed(before[category],
                                                                                     english[category])]
        return lines
    if previous is None:
        return [f"now: {english}", "(the English it was translated from was not recorded)"]
    return _changed(previous if isinstance(previous, str) else str(previous), english)


def _changed(previous: str, english: str) -> list[str]:
    if previous == english:
        return [f"English: {english}"]
    before, after = re.findall(r"\S+|\s+", previous), re.findall(r"\S+|\s+", english)
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op != "equal":
            removed, added = "".join(before[i1:i2]).strip(), "".join(after[j1:j2]).strip()
            changes.append(" ".join(part for part in (removed and f"[-{removed}-]", added and f"{{+{added}+}}")
                                    if part))
    return [f"was: {previous}", f"now: {english}", f"changed: {'; '.join(changes)}"]


def render_table(statuses: list[LocaleStatus], verbose: bool = False) -> str:
    """Return a table of the statuses, then every finding as `path:line: key: message`; `verbose`: under each
    stale string, the English it was translated from next to today's."""
    header = ("language", "translated", "", "missing", "extra", "stale", "errors", "warnings")
    rows = [header]
    for s in statuses:
        counts = ("source", "", "", str(len(s.errors)), str(len(s.warnings))) if s.is_source else (
            str(len(s.missing)), str(len(s.extra)), str(len(s.stale)), str(len(s.errors)), str(len(s.warnings)))
        translated = f"{len(s.translated)}/{s.total}" if s.exists else "no file"
        rows.append((s.label, translated, f"{s.percent}%", *counts))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             .rstrip() for row in rows]
    lines += _publication_table(statuses)
    for s in statuses:
        if not s.exists:
            command = f"i18n new --strings {s.strings} {s.lang}" if s.strings else f"i18n new {s.lang}"
            lines += ["", f"{s.label}: {s.path} does not exist yet: start it with `build-factsheet {command}`"]
            continue
        if s.missing:
            shown = s.missing if len(s.missing) <= MISSING_SHOWN else s.missing[:MISSING_SHOWN] + [
                f"… and {len(s.missing) - MISSING_SHOWN} more (--json lists them all)"]
            lines += ["", f"{s.label}: {len(s.missing)} missing: {', '.join(shown)}"]
        details = s.details()
        if details:
            lines += ["", f"{s.label}:"]
            stale = {item.key: item for item in s.stale} if verbose and not s.fingerprints else {}
            for p in details:
                lines.append(f"  {p}" + (" (warning)" if p.severity != "error" else ""))
                if p.key in stale and p.message.startswith("stale:"):
                    lines += [f"      {line}" for line in describe_change(stale[p.key].previous, s.english[p.key])]
    return "\n".join(lines)


def _publication_table(statuses: list[LocaleStatus]) -> list[str]:
    """With several publications: each one's share per language, under the total's table."""
    rows = [(pub, s.lang, f"{share.translated}/{share.total}", f"{share.percent}%", str(len(share.missing)))
            for s in statuses for pub, share in s.publications.items()]
    if not rows:
        return []
    rows = [("publication", "language", "translated", "", "missing")] + sorted(rows, key=lambda row: row[0])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["", "By publication (a string two of them use counts in each):"] + [
        "  ".join(cell.ljust(w) if i < 3 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))).rstrip()
        for row in rows]
