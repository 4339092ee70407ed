"""LocalisedDocument + copyfit step -> print HTML (Jinja2's sandbox, StrictUndefined, autoescaped, layouts/ only), with the brand as CSS."""

from __future__ import annotations

import datetime
import os
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from build_factsheet.render.copyfit import FitStep
from build_factsheet.errors import Problem, RenderError
from build_factsheet.localise.document import LocalisedDocument
from build_factsheet.model.brand import load_brand

LAYOUTS_DIR = "layouts"
# What a template's own expressions can raise; the template is named with its line, not a traceback.
TEMPLATE_FAULTS = (ArithmeticError, TypeError, ValueError, IndexError, AttributeError)
ASSETS_DIR = "assets"
__all__ = ["FitStep", "render_html", "make_environment", "brand_tokens", "brand_style"]


def brand_tokens(root: Path) -> dict[str, str]:
    """Return the brand's colours by name (layouts/brand.yaml), for SVG, which the page CSS cannot reach."""
    return dict(load_brand(root).colours)


def brand_style(root: Path, lang: str, out_dir: Path, leading: float | None = None) -> Markup:
    """Return a <style> element declaring layouts/brand.yaml for `lang` as CSS: custom properties and @font-face
    (`leading`: the body's line height where copyfitting opened it, else the script's normal one).

    It goes in the <head> before the layout's stylesheets, which use only the var(--...) names:
    the HTML saved in `out_dir` then renders alike in the build and with the plain weasyprint CLI.
    Every value was checked by the loader (colours, family and file names, numbers), so none
    needs escaping but the fonts' URL, which depends on where the project lies.
    """
    brand = load_brand(root)
    script, page = brand.script(lang), brand.page
    fonts = Path(os.path.relpath(root / ASSETS_DIR / "fonts", out_dir)).as_posix()
    properties = {f"--brand-{name.replace('_', '-')}": value for name, value in brand.colours.items()}
    properties["--font-body"] = ", ".join(f'"{family}"' for family in script.families)
    properties["--leading-body"] = f"{script.leading.normal if leading is None else leading:g}"
    # Each script's first family, for text whose script the page does not know (the footer).
    properties.update({f"--font-{name}": f'"{other.families[0]}"' for name, other in brand.scripts.items()})
    properties.update({f"--size-{name.replace('_', '-')}": f"{size:g}rem" for name, size in brand.type_scale.items()})
    properties.update({
        "--paper-width": f"{page.width:g}mm", "--paper-height": f"{page.height:g}mm",
        "--page-margin-block": f"{page.margin_block:g}mm", "--page-margin-inline": f"{page.margin_inline:g}mm",
        "--page-margin-foot": f"{page.margin_foot:g}mm", "--bleed": f"{page.bleed:g}mm",
        "--column-gap": f"{page.column_gap:g}mm"})
    lines = ["<style>", "    /* Brand and type, generated from layouts/brand.yaml. */"]
    lines += [f'    @font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; font-style: '
              f'{face.style}; src: url("{_css_escape(f"{fonts}/{face.file}")}"); }}' for face in brand.faces]
    lines += ["    :root {", *(f"      {name}: {value};" for name, value in properties.items()), "    }", "  </style>"]
    return Markup("\n".join(lines))


def _css_escape(text: str) -> str:
    """Escape everything but plain path characters for a CSS string (also `<`, so no `</style>`)."""
    return "".join(char if char.isascii() and (char.isalnum() or char in "./_-") else f"\\{ord(char):x} "
                   for char in text)


def modified_date(doc: LocalisedDocument) -> str:
    """The PDF's modification date: SOURCE_DATE_EPOCH when the caller sets it, else the edition date.

    Never the current time, so the same inputs give the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    return doc.factsheet.edition.date.isoformat()


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, refusing an unsafe attribute where it is asked for.

    Immutable: a template cannot change the document it prints (`doc.plain.clear()` would
    otherwise empty the strings that the checks compare the PDF with).

    The plain sandbox returns an undefined value that fails only when used, so that
    `x.__class__.__init__` would be reported as the `__init__` of an undefined value.
    """

    def is_safe_attribute(self, obj, attr, value):
        # A path's methods read and write files (`doc.factsheet.root.joinpath('../secret.txt').read_text()`,
        # which the plain sandbox allows): a template prints the document's strings, never a file.
        if isinstance(obj, os.PathLike):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj, attribute):
        raise SecurityError(f"access to attribute {attribute!r} of {type(obj).__name__!r} object is unsafe")


@lru_cache(maxsize=8)
def make_environment(root: Path) -> jinja2.Environment:
    """Create the template environment once per process and project.

    Templates are part of the project, not of the program: they render in Jinja's sandbox,
    which refuses Python's internals (`x.__class__`, `__globals__`...), and may include only
    templates under layouts/ (the loader refuses `..`). A missing value is an error and every
    value is escaped. The environment keeps the compiled templates (and recompiles one whose
    file changed), so each language after the first renders without compiling them again.
    """
    return _Sandbox(
        loader=jinja2.FileSystemLoader(root / LAYOUTS_DIR),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
    )


def render_html(doc: LocalisedDocument, fit: FitStep, out_dir: Path,
                env: jinja2.Environment | None = None) -> str:
    """Render the factsheet HTML for `doc`, with links relative to `out_dir` where it will be saved."""
    root = doc.factsheet.root
    env = env or make_environment(root)
    # Relative links keep build/<lang>/factsheet.html renderable by the plain weasyprint CLI.
    layouts_url = Path(os.path.relpath(root / LAYOUTS_DIR, out_dir)).as_posix()
    assets_url = Path(os.path.relpath(root / ASSETS_DIR, out_dir)).as_posix()
    main = doc.factsheet.layout.template
    try:
        template = env.get_template(main)
        return template.render(doc=doc, fit=fit, layouts_url=layouts_url, assets_url=assets_url,
                               brand=brand_tokens(root), brand_style=brand_style(root, doc.lang, out_dir, fit.leading),
                               modified=modified_date(doc))
    except jinja2.TemplateSyntaxError as exc:
        where = Path(exc.filename or main)
        raise RenderError("A template cannot be read:", [
            Problem(_rel(where, root), exc.lineno, None, f"template syntax error: {exc.message}")]) from None
    except SecurityError as exc:
        name, line = _template_location(exc, root, main)
        raise RenderError("A template reaches for what templates may not use:", [
            Problem(name, line, None, f"refused by the sandbox: {exc}")]) from None
    except jinja2.TemplateNotFound as exc:
        name, line = _template_location(exc, root, main)
        raise RenderError("A template includes a template that is not under layouts/:", [
            Problem(name, line, None, f"no template '{exc.name}' in layouts/ (a template may include only "
                                      f"templates under layouts/, by a path without '..')")]) from None
    except jinja2.UndefinedError as exc:
        name, line = _template_location(exc, root, main)
        raise RenderError(f"A template uses a value that does not exist ({doc.lang}):", [
            Problem(name, line, None, exc.message or "undefined value")]) from None
    except KeyError as exc:  # doc.t('missing.key') and similar lookups
        name, line = _template_location(exc, root, main)
        raise RenderError(f"A template asks for a text that the locale does not have ({doc.lang}):", [
            Problem(name, line, str(exc.args[0]), "no such locale key")]) from None
    except RecursionError as exc:  # a template that includes itself, a macro that calls itself
        name, line = _template_location(exc, root, main, repeated=True)
        raise RenderError("A template never finishes:", [
            Problem(name, line, None, "it includes or calls itself without end")]) from None
    except TEMPLATE_FAULTS as exc:  # the template's own code: 1 / 0, range(10**9), 'text' + 1
        name, line = _template_location(exc, root, main)
        raise RenderError(f"A template fails while it renders ({doc.lang}):", [
            Problem(name, line, None, f"{type(exc).__name__}: {exc}")]) from None


def _template_location(exc: BaseException, root: Path, main: str, repeated: bool = False) -> tuple[str, int | None]:
    """Find the innermost template frame of a traceback (Jinja maps it to template lines);
    with `repeated`, the template line the traceback passes most often (where a recursion loops)."""
    frames: list[tuple[str, int | None]] = [(f"{LAYOUTS_DIR}/{main}", None)]
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            frames.append((filename, tb.tb_lineno))
        tb = tb.tb_next
    filename, line = max(frames, key=frames.count) if repeated and len(frames) > 1 else frames[-1]
    return (_rel(Path(filename), root) if line is not None else filename), line


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
