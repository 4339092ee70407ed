"""Command line -> calls into the library; parses arguments and prints results, nothing else."""

from __future__ import annotations

import logging
from pathlib import Path

import click


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


class LazyGroup(click.Group):
    """A group whose heavier sub-groups are imported only when used (`build` stays quick)."""

    LAZY = {"i18n": ("build_factsheet.cli.i18n", "i18n")}  # the translator commands

    def list_commands(self, ctx):
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def invoke(self, ctx):
        """Run the command; the library's errors become click's, printed without a traceback."""
        from build_factsheet.errors import BuildError

        try:
            return super().invoke(ctx)
        except BuildError as exc:
            error = click.ClickException(exc.render())
            error.exit_code = exc.exit_code
            raise error from None

    def get_command(self, ctx, name):
        if name in self.LAZY:
            import importlib

            module, attribute = self.LAZY[name]
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@verbosity
@click.option("-C", "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Project directory (holding source/, layouts/, assets/).")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Build a project's publications as PDFs in every language from source/, and check them by reading them back."""
    ctx.ensure_object(dict)["root"] = root


@main.command()
@click.option("--lang", "langs", multiple=True, metavar="L",
              help="Build only this language (repeatable). Default: every locale in source/locales/.")
@click.option("--draft", is_flag=True,
              help="Fill missing translations from English and stamp every page DRAFT; kept in build/.")
@click.option("--pub", default=None, metavar="NAME",
              help="Build this publication (its id or the name of its file in source/publications/).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per core).")
@click.option("--no-kit", is_flag=True,
              help="Only the screen PDFs: no print PDFs, thumbnails, contact sheet or index page.")
@click.option("--wait", type=click.FloatRange(0), default=300, show_default=True, metavar="SECONDS",
              help="How long to wait for another build of this project to finish before giving up.")
@verbosity
@click.pass_context
def build(ctx: click.Context, langs: tuple[str, ...], draft: bool, pub: str | None, jobs: int | None,
          no_kit: bool, wait: float) -> None:
    """Render, check and publish the PDFs into output/ (only what changed)."""
    import sys
    import time

    from build_factsheet.cli.progress import ProgressDisplay, summary_table
    from build_factsheet.options import BuildOptions
    from build_factsheet.publish.uptodate import current_results

    quiet = ctx.obj.get("quiet")
    started = time.perf_counter()
    display = ProgressDisplay(click.echo, interactive=sys.stdout.isatty() and not quiet, langs=list(langs) or None)
    options = BuildOptions(root=ctx.obj["root"], langs=list(langs) or None, draft=draft, jobs=jobs,
                           kit=not no_kit, wait=wait, pub=pub)
    try:
        # Nothing changed since the last good build: its results, without loading the stages.
        results = current_results(options, None if quiet else display)
        if results is None:
            from build_factsheet import pipeline

            results = pipeline.build(options, None if quiet else display)
    finally:
        display.finish()
    if not quiet:
        click.echo(summary_table(results, time.perf_counter() - started))
    _exit_quickly()


def _exit_quickly() -> None:
    """Spare the interpreter's last garbage collections over everything a build loaded.

    On the way out CPython collects every tracked object; after a build that took 0.15-0.2 s,
    a tenth of a one-language build. Frozen objects are left to the process's end.
    """
    import gc

    gc.freeze()


@main.command()
@click.option("--lang", "langs", multiple=True, metavar="L",
              help="Validate only this language (repeatable). Default: every locale in source/locales/.")
@verbosity
@click.pass_context
def validate(ctx: click.Context, langs: tuple[str, ...]) -> None:
    """Load and check the source and locales of every publication as a build does, without rendering (quick)."""
    from build_factsheet.project import load_projects

    from build_factsheet.model.source import publication_files

    projects = load_projects(ctx.obj["root"], list(langs) or None)
    several = len(publication_files(ctx.obj["root"])) > 1
    for pub, project in projects.items() if not ctx.obj.get("quiet") else ():
        click.echo(f"valid: {pub + ': ' if several else ''}{', '.join(project.catalogs)}")


@main.command()
@click.argument("pdfs", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", metavar="L", help="Check as this language instead of the PDF's /Lang.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--strict", is_flag=True, help="Warnings fail too (builds always run strict).")
@verbosity
@click.pass_context
def check(ctx: click.Context, pdfs: tuple[Path, ...], lang: str | None, as_json: bool, strict: bool) -> None:
    """Check published PDFs (default: output/*.pdf) against the current source and locales."""
    from build_factsheet import verify
    from build_factsheet.cli import report
    from build_factsheet.publish.files import OUTPUT_DIR

    root = ctx.obj["root"]
    paths = list(pdfs) or sorted((root / OUTPUT_DIR).glob("*.pdf"))
    if not paths:
        raise click.ClickException(f"no PDFs to check in {root / OUTPUT_DIR}; run build first")
    reports = verify.check_files(root, paths, lang)
    verbose = logging.getLogger("build_factsheet").level <= logging.INFO
    click.echo(report.render_json(reports, strict) if as_json else report.render_text(reports, strict, verbose))
    if not all(r.passed(strict) for r in reports):
        ctx.exit(1)



@main.command()
@click.option("--lang", "langs", multiple=True, metavar="L",
              help="Review only this language (repeatable). Default: every released language.")
@click.option("--pub", default=None, metavar="NAME", help="Review only this publication.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: one per core).")
@click.option("--no-kit", is_flag=True, help="Only the screen PDFs, as build --no-kit.")
@click.option("--wait", type=click.FloatRange(0), default=300, show_default=True, metavar="SECONDS",
              help="How long to wait for another build of this project to finish before giving up.")
@verbosity
@click.pass_context
def review(ctx: click.Context, langs: tuple[str, ...], pub: str | None, jobs: int | None, no_kit: bool,
           wait: float) -> None:
    """Build and check as `build` does, publish nothing: show what changed in build/review/index.html."""
    import sys

    from build_factsheet.errors import display_path
    from build_factsheet.options import BuildOptions
    from build_factsheet.publish.uptodate import current_review

    quiet = ctx.obj.get("quiet")
    options = BuildOptions(root=ctx.obj["root"], langs=list(langs) or None, jobs=jobs, kit=not no_kit, wait=wait,
                           pub=pub)
    # Nothing changed since the last review (and it found nothing failing): its summary and page stand.
    known = current_review(options)
    failing = False
    if known is None:
        from build_factsheet.cli.progress import ProgressDisplay
        from build_factsheet.review.run import review as run_review

        display = ProgressDisplay(click.echo, interactive=sys.stdout.isatty() and not quiet,
                                  langs=list(langs) or None)
        try:
            result = run_review(options, None if quiet or not sys.stdout.isatty() else display)
        finally:
            display.finish()
        known = result.summary_lines(), result.page
        failing = any(item.status == "failing" for item in result.languages)
    if not quiet:
        for line in known[0]:
            click.echo(line)
        click.echo(f"review: {display_path(known[1])}; `build-factsheet publish` publishes exactly this")
    if failing:
        ctx.exit(1)


@main.command()
@click.option("--wait", type=click.FloatRange(0), default=300, show_default=True, metavar="SECONDS",
              help="How long to wait for another build of this project to finish before giving up.")
@verbosity
@click.pass_context
def publish(ctx: click.Context, wait: float) -> None:
    """Publish into output/ exactly the set the last review showed, if nothing changed since."""
    from build_factsheet.review.approve import publish_reviewed

    written = publish_reviewed(ctx.obj["root"], wait)
    if not ctx.obj.get("quiet"):
        click.echo(f"published: {', '.join(f'output/{name}' for name in written)}" if written
                   else "nothing to publish: output/ already holds the reviewed edition")


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for the comparison page (default: build/diff/ in the project).")
@verbosity
@click.pass_context
def diff(ctx: click.Context, old: Path, new: Path, out_dir: Path | None) -> None:
    """Compare two PDFs, page by page and word by word: writes DIR/index.html."""
    from build_factsheet.errors import display_path
    from build_factsheet.review.pdfdiff import diff_pdfs
    from build_factsheet.review.report import summary_line

    item, page = diff_pdfs(old, new, out_dir or ctx.obj["root"] / "build" / "diff")
    if not ctx.obj.get("quiet"):
        click.echo(summary_line(item).replace(f"{item.lang}: ", f"{new.name}: ", 1))
        click.echo(f"comparison: {display_path(page)}")


@main.command()
@click.option("--lang", metavar="L", help="Language to show first (default: the source language).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--no-pdf", is_flag=True, help="Show the HTML only; do not lay out the PDF on each save.")
@click.option("--pub", default=None, metavar="NAME",
              help="The publication to show (its id or file name); needed when the project has several.")
@verbosity
@click.pass_context
def serve(ctx: click.Context, lang: str | None, port: int, no_pdf: bool, pub: str | None) -> None:
    """Preview one language's HTML and PDF in the browser, rebuilt whenever a file is saved."""
    from build_factsheet.preview import server as preview

    if logging.getLogger("build_factsheet").level > logging.INFO and not ctx.obj.get("quiet"):
        logging.getLogger("build_factsheet").setLevel(logging.INFO)  # say what was rebuilt, and how fast
    try:
        preview.serve(ctx.obj["root"], lang, port, pdf=not no_pdf,
                      ready=lambda url: click.echo(f"Preview on {url} (Ctrl-C stops it)"), pub=pub)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
