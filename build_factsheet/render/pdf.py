"""Print HTML -> PDF bytes with WeasyPrint: sandboxed fetching, captured log, copyfitting to the page budget."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from build_factsheet.render import boxes
from build_factsheet.errors import Problem, RenderError
from build_factsheet.geometry import area_fill

PDF_VARIANT = "pdf/ua-1"  # tagged, with a structure tree and PDF/UA identification
MIN_LAST_PAGE_FILL = 0.5   # a last page less than half full reads as a layout mistake


@dataclass
class Layout:
    """One laid-out document (WeasyPrint's) and what it measured."""

    document: object
    pages: int
    last_page_fill: float  # share of the last page's area for text (above a colophon) that holds content
    messages: list[str] = field(default_factory=list)


class _LogCapture(logging.Handler):
    """Collect what WeasyPrint logs at WARNING or above; WeasyPrint never raises for these."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # WeasyPrint logs some failures as an exception that says nothing ("Failed to load image
        # at '…': "), raised from the one that does (the XML parser's): that one is the reason.
        for arg in record.args if isinstance(record.args, tuple) else ():
            if isinstance(arg, BaseException) and not str(arg).strip():
                cause = arg.__cause__ or arg.__context__
                reason = f"{type(cause).__name__}: {cause}" if cause is not None else type(arg).__name__
                message = message.rstrip() + " " + reason
        self.messages.append(f"{record.levelname.lower()}: {message}")


@contextmanager
def capture_weasyprint_log():
    logger = logging.getLogger("weasyprint")
    handler = _LogCapture()
    logger.addHandler(handler)
    previous = logger.level
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    propagate = logger.propagate
    logger.propagate = False  # reported by us, with context, not twice on stderr
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
        logger.propagate = propagate


def make_fetcher(allowed_dirs: list[Path]):
    """Return a URL fetcher that reads only files under `allowed_dirs` and data: URIs."""
    # Loaded with WeasyPrint, which imports them anyway: a build with nothing to do needs neither.
    import mimetypes
    from urllib.request import url2pathname

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [d.resolve() for d in allowed_dirs]

    class SandboxedFetcher(URLFetcher):
        """No network, no files outside the project's layouts and assets, no path escapes."""

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise ValueError(f"blocked: only project files and data: URIs may be loaded, not {url}")
            path = Path(url2pathname(urlsplit(url).path)).resolve()  # it decodes %XX once
            if not any(path.is_relative_to(root) for root in roots):
                raise ValueError(f"blocked: {path} is outside {', '.join(str(r) for r in roots)}")
            if not path.is_file():
                raise FileNotFoundError(f"no such file: {path}")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

    return SandboxedFetcher()


class Renderer:
    """Renders HTML to PDF for one project; create once per process (fonts and fetcher are reused)."""

    def __init__(self, root: Path):
        import warnings

        # The isolated fontconfig lists no fonts on purpose (fonts.py); WeasyPrint warns about that.
        warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")
        try:
            # Imported late: fontconfig must be isolated first (see fonts.py). What WeasyPrint
            # logs while it starts (a missing subsetter, say) is reported below, once, by us.
            with capture_weasyprint_log():
                import weasyprint
                from weasyprint.text import ffi
                from weasyprint.text.fonts import FontConfiguration
        except OSError as exc:  # a system library (Pango, HarfBuzz) is missing: say which and how
            raise RenderError("WeasyPrint cannot start: a system library it needs is missing.", [
                Problem("weasyprint", None, None, f"{exc}; on Debian or Ubuntu: apt-get install "
                        "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 (see README.md)")]) from None
        if ffi.harfbuzz_subset is None:
            # WeasyPrint would subset every font with fontTools instead: slower, PDFs that differ
            # on every run, and one warning per font per language. One message, before rendering.
            raise RenderError("HarfBuzz's font subsetter (libharfbuzz-subset.so.0) is missing.", [
                Problem("weasyprint", None, None, "install it with: sudo apt-get install -y libharfbuzz-subset0 "
                        "(`make pdf` installs it when run as root)")])

        self.root = root
        self.weasyprint = weasyprint
        self.fetcher = make_fetcher([root / "assets", root / "layouts"])
        self.font_config = FontConfiguration()

    def layout(self, html: str, base_path: Path) -> Layout:
        """Lay out `html` as if saved at `base_path`; collect WeasyPrint's warnings."""
        with capture_weasyprint_log() as messages:
            document = self.weasyprint.HTML(
                string=html, base_url=base_path.resolve().as_uri(), url_fetcher=self.fetcher,
            ).render(font_config=self.font_config, pdf_variant=PDF_VARIANT)
        return Layout(document, len(document.pages), _last_page_fill(document), list(messages))

    def write(self, layout: Layout) -> bytes:
        """Write a laid-out document as a tagged PDF; fail on anything WeasyPrint logs."""
        with capture_weasyprint_log() as messages:
            pdf = layout.document.write_pdf(pdf_variant=PDF_VARIANT)
        layout.messages.extend(messages)
        return pdf


def raise_for_messages(layout: Layout, html_path: str, lang: str) -> None:
    """Turn WeasyPrint's log (missing fonts, images, glyphs, blocked URLs) into a build error."""
    if layout.messages:
        raise RenderError(f"WeasyPrint reported {len(layout.messages)} problem(s) rendering '{lang}':",
                          [Problem(html_path, None, None, message) for message in layout.messages])


def page_fill(page) -> float:
    """Estimate the share of the page's area the text can use that holds content (0 to 1).

    That area runs from the top of the content area down to the block set at the page's foot
    (the colophon, a footnote area) where there is one, else to the bottom margin; it is read
    as the layout check reads it (geometry.area_fill: two columns, averaged).
    """
    area = boxes.content_area(page)
    if not area.width or not area.height:
        return 0.0
    foot = boxes.footnote_top(page)
    bottom = area.y + area.height if foot is None else min(foot, area.y + area.height)
    rects = [(box.x, box.y, box.x + box.width, box.y + box.height) for box in boxes.content_rectangles(page)]
    return area_fill(rects, area.y, bottom, area.x + area.width / 2)


def _last_page_fill(document) -> float:
    return page_fill(document.pages[-1]) if document.pages else 0.0
