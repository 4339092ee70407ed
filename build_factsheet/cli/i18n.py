"""`build-factsheet i18n ...` -> the translator commands; each parses arguments, calls build_factsheet.i18n, prints."""

from __future__ import annotations

import json
from pathlib import Path

import click

from build_factsheet.cli import verbosity
from build_factsheet.errors import BuildError, display_path
from build_factsheet.i18n import exchange
from build_factsheet.i18n.fingerprints import fingerprints_path, mark_reviewed
from build_factsheet.i18n.scaffold import scaffold_locale
from build_factsheet.i18n.status import project_status, render_table
from build_factsheet.i18n.workspace import Workspace, open_workspace


def _workspace(ctx: click.Context) -> Workspace:
    return open_workspace(ctx.find_root().obj["root"])


def _quiet(ctx: click.Context) -> bool:
    return bool(ctx.find_root().obj.get("quiet"))


def _strings_option(help_text: str):
    return click.option("--strings", "strings", metavar="SET", default=None,
                        help=help_text + " Sets: 'publications' (default) and 'kit', the kit page's words.")


def _strings(ctx: click.Context, name: str | None) -> Workspace:
    return _workspace(ctx).strings(name or "")


@click.group()
def i18n() -> None:
    """Translator workflow: status, new languages, review, PO/XLIFF exchange (see TRANSLATING.md)."""


@i18n.command()
@click.argument("langs", nargs=-1, metavar="[LANG]...")
@click.option("--strict", is_flag=True, help="Exit 1 if a language is incomplete, stale or fails a QA check.")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@_strings_option("Only this string set (default: every set).")
@verbosity
@click.pass_context
def status(ctx: click.Context, langs: tuple[str, ...], strict: bool, as_json: bool, strings: str | None) -> None:
    """Show each language's share translated, missing, extra and stale keys, and QA problems;
    -v/--verbose: the English each stale string was translated from next to today's."""
    ws = _workspace(ctx)
    unknown = [lang for lang in langs if lang not in ws.factsheet.locales]
    if unknown:
        ws.require_translation(unknown[0])
    sets = [ws.strings(strings)] if strings is not None else ws.string_sets()
    statuses = [s for strings_set in sets for s in project_status(strings_set, list(langs) or None)]
    if as_json:
        click.echo(json.dumps({"source": ws.source_lang, "ok": all(s.ok for s in statuses),
                               "locales": [s.to_dict() for s in statuses]}, ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(statuses, verbose=bool(ctx.find_root().obj.get("verbose"))))
    failing = [s for s in statuses if not s.ok]
    if strict and failing:
        raise BuildError(f"{len(failing)} language(s) not ready: " + "; ".join(_why(s) for s in failing))


def _why(s) -> str:
    if not s.exists:
        return f"{s.label} (no file)"
    parts = [f"{len(items)} {label}" for items, label in
             ((s.missing, "missing"), (s.extra, "extra"), (s.stale, "stale"), (s.errors, "QA error(s)")) if items]
    return f"{s.label} ({', '.join(parts)})"


@i18n.command()
@click.argument("lang")
@click.option("--force", is_flag=True, help="Overwrite an existing file (its translations are lost).")
@_strings_option("Start the file of this string set.")
@click.pass_context
def new(ctx: click.Context, lang: str, force: bool, strings: str | None) -> None:
    """Start source/locales/LANG.yaml: every key, empty values, the English beside each."""
    ws = _strings(ctx, strings)
    path = scaffold_locale(ws, lang, force)
    if not _quiet(ctx):
        click.echo(f"Wrote {display_path(path)} ({len(ws.messages)} strings to translate) and "
                   f"{display_path(fingerprints_path(ws.root, lang, ws.locales_dir))}.\n"
                   f"Next: translate, check with `build-factsheet i18n status {lang}`, "
                   f"preview with `build-factsheet build --lang {lang} --draft`.")


@i18n.command()
@click.argument("lang")
@click.argument("keys", nargs=-1, metavar="[KEY]...")
@click.option("--all", "all_keys", is_flag=True, help="Mark every translated string of LANG reviewed.")
@_strings_option("The keys are of this string set.")
@click.pass_context
def review(ctx: click.Context, lang: str, keys: tuple[str, ...], all_keys: bool, strings: str | None) -> None:
    """Mark translated strings as checked against the current English (clears 'stale')."""
    if not keys and not all_keys:
        raise click.UsageError("name the keys to mark reviewed, or pass --all")
    ws = _strings(ctx, strings)
    reviewed, was_stale = mark_reviewed(ws, lang, list(keys), all_keys)
    if not _quiet(ctx):
        listed = f" ({', '.join(was_stale)})" if 0 < len(was_stale) <= 10 else ""
        click.echo(f"{lang}: {len(reviewed)} string(s) recorded as reviewed against the current English; "
                   f"{len(was_stale)} of them were stale{listed}.")


@i18n.command("export")
@click.argument("lang")
@click.option("--format", "fmt", type=click.Choice(sorted(exchange.FORMATS)), default="po", show_default=True,
              help="gettext PO (Poedit, Weblate) or XLIFF 1.2 (Trados, memoQ).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help=f"File to write ('-' for standard output). Default: {exchange.EXPORT_DIR}/<id>-LANG.po|.xlf")
@_strings_option("Export this string set.")
@click.pass_context
def export_command(ctx: click.Context, lang: str, fmt: str, output: Path | None, strings: str | None) -> None:
    """Write LANG's strings with their English and notes for a CAT tool."""
    ws = _strings(ctx, strings)
    data = exchange.export_locale(ws, lang, fmt)
    if output is not None and str(output) == "-":
        click.echo(data.decode("utf-8"), nl=False)
        return
    path = output or exchange.default_export_path(ws, lang, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if not _quiet(ctx):
        click.echo(f"Wrote {display_path(path)}. Translate it, then: build-factsheet i18n import {display_path(path)}")


@i18n.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Import even strings translated from other English (they stay stale); skip unknown keys.")
@click.option("--lang", help="The file's language, if it does not say (PO 'Language', XLIFF target-language).")
@click.pass_context
def import_command(ctx: click.Context, file: Path, force: bool, lang: str | None) -> None:
    """Take a PO or XLIFF file back into source/locales/LANG.yaml, changing only what changed."""
    ws = _workspace(ctx)
    report = exchange.import_file(ws, file, force=force, lang=lang)
    for problem in report.warnings:
        click.echo(f"warning: {problem}", err=True)
    if _quiet(ctx):
        return
    if report.changed:
        click.echo(f"{report.locale_file}: {len(report.changed)} string(s) changed: {', '.join(report.changed)}")
    else:
        click.echo(f"{report.locale_file}: no string changed ({report.unchanged} already as in the file).")
    if report.notes_changed:
        click.echo(f"  notes changed: {', '.join(report.notes_changed)}")
    if report.reviewed:
        click.echo(f"  recorded as reviewed against the current English: {', '.join(report.reviewed)}")
    if report.qa:
        click.echo(f"  QA findings on the imported strings (see `build-factsheet i18n status {report.lang}`):")
        for problem in report.qa:
            click.echo(f"    {problem} ({problem.severity})")

