"""Command line -> calls into the library; parses arguments and prints results, nothing else."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from . import pipeline


def _set_verbosity(ctx: click.Context, param: click.Parameter, value) -> None:
    """Apply -v/-q wherever they are given: before or after the command name."""
    state = ctx.ensure_object(dict)
    if param.name == "verbose" and value:
        state["verbose"] = state.get("verbose", 0) + value
    if param.name == "quiet" and value:
        state["quiet"] = True
    verbose, quiet = state.get("verbose", 0), state.get("quiet", False)
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else
                                         logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(format="%(message)s")
    logging.getLogger("build_factsheet").setLevel(level)


def verbosity(command):
    command = click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_verbosity,
                           help="Print only errors.")(command)
    return click.option("-v", "--verbose", count=True, expose_value=False, callback=_set_verbosity,
                        help="Say more (repeat for debug output).")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@verbosity
@click.option("-C", "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Project directory (holding source/, layouts/, assets/).")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Build the ICAT factsheet PDFs from source/ and check them by reading them back."""
    ctx.ensure_object(dict)["root"] = root


@main.command()
@click.option("--lang", "langs", multiple=True, metavar="L",
              help="Build only this language (repeatable). Default: every locale in source/locales/.")
@click.option("--draft", is_flag=True,
              help="Fill missing translations from English and stamp every page DRAFT; kept in build/.")
@verbosity
@click.pass_context
def build(ctx: click.Context, langs: tuple[str, ...], draft: bool) -> None:
    """Render, check and publish the factsheet PDFs into output/."""
    options = pipeline.BuildOptions(root=ctx.obj["root"], langs=list(langs) or None, draft=draft)
    results = pipeline.build(options)
    if not ctx.obj.get("quiet"):
        for r in results:
            kind = "draft " if r.draft else ""
            click.echo(f"{r.lang}: {kind}{r.pdf} ({r.pages} pages, {r.size / 1024:.0f} KB, "
                       f"body {r.font_size_pt:g} pt, {r.seconds:.1f} s, "
                       f"{sum(c.status == 'pass' for c in r.checks)} checks passed)")


@main.command()
@click.argument("pdfs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", metavar="L", help="Check as this language instead of the PDF's /Lang.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Warnings fail too (builds always run strict).")
@verbosity
@click.pass_context
def check(ctx: click.Context, pdfs: tuple[Path, ...], lang: str | None, as_json: bool, strict: bool) -> None:
    """Check factsheet PDFs (default: output/*.pdf) against the current source and locales."""
    from . import report

    root = ctx.obj["root"]
    paths = list(pdfs) or sorted((root / pipeline.OUTPUT_DIR).glob("*.pdf"))
    if not paths:
        raise click.ClickException(f"no PDFs to check in {root / pipeline.OUTPUT_DIR}; run build first")
    reports = pipeline.check_files(root, paths, lang)
    verbose = logging.getLogger("build_factsheet").level <= logging.INFO
    click.echo(report.render_json(reports, strict) if as_json else report.render_text(reports, strict, verbose))
    if not all(r.passed(strict) for r in reports):
        ctx.exit(1)


from .i18n.cli import i18n  # noqa: E402  (the translator commands, build_factsheet/i18n/)
main.add_command(i18n)


if __name__ == "__main__":
    main()
