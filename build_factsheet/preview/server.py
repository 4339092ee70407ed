"""Project files -> a live preview on 127.0.0.1 of one language's HTML and PDF, rebuilt on every save."""

# Saving a file under source/, layouts/ or assets/ (watchfiles) first renders the HTML, which
# the browser shows within a fraction of a second, then the PDF in a thread of its own, laid
# out, copyfitted and checked exactly as `build` does (stages.build_locale), staged in build/
# and never published. The page learns of each new version through Server-Sent Events; build
# and check errors are shown in the page and logged to the terminal.

from __future__ import annotations

import errno
import json
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from build_factsheet.errors import BuildError, UsageError
from build_factsheet.model.locales import require_languages
from build_factsheet.model.sizelock import FitStep, read_lock, step_of
from build_factsheet.preview.page import SCREEN_PAGE, preview_page
from build_factsheet.publish.files import BUILD_DIR

log = logging.getLogger("build_factsheet")

WATCHED = ("source", "layouts", "assets")
STATIC = ("layouts", "assets")        # what the HTML links to, served as files
HOST = "127.0.0.1"


@dataclass
class Stage:
    """The latest result of one stage (HTML or PDF) for the current language."""

    version: int = 0          # counts successful results
    seconds: float = 0.0      # how long the last run took
    finished: float = 0.0     # time.time() when it ended
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the translators' QA warnings, say
    busy: bool = False
    checking: bool = False    # the PDF is shown; its checks run (their findings join `errors`)

    def finish(self, started: float, errors: list[str], succeeded: bool) -> None:
        """Record the end of a run (with the preview's lock held)."""
        self.busy, self.errors = False, errors
        self.seconds, self.finished = time.perf_counter() - started, time.time()
        self.version += succeeded

    def as_dict(self) -> dict:
        return {"version": self.version, "seconds": round(self.seconds, 3), "finished": self.finished,
                "errors": self.errors, "warnings": self.warnings, "busy": self.busy, "checking": self.checking}


class Preview:
    """The preview's state: what to build, the latest HTML and PDF, and who waits for news."""

    def __init__(self, root: Path, lang: str | None = None, pdf: bool = True, pub: str | None = None):
        from build_factsheet.project import load_publication

        self.root = root.resolve()
        # The one publication, or the one named: a project of several needs --pub (exit 2, listing them).
        factsheet = load_publication(self.root, pub, check=False)
        self.pub = factsheet.document_id
        self.langs = [lang for lang in factsheet.locales if factsheet.languages is None or lang in factsheet.languages]
        self.lang = lang or factsheet.source_locale
        require_languages(factsheet, [self.lang])  # exit 2: how the command was used
        if self.lang not in self.langs:
            raise UsageError(f"'{self.pub}' is not made in {self.lang} (its languages: {', '.join(self.langs)})",
                             [factsheet.doc.problem("document.languages", f"'{self.lang}' is not listed")])
        self.with_pdf = pdf
        self.html_stage, self.pdf_stage = Stage(), Stage()
        self.html: str = ""
        self.pdf: bytes = b""
        self.generation = 0                    # bumped by every change and language switch
        self.changed = threading.Condition()
        self._pdf_wanted = threading.Event()
        self._stop = threading.Event()
        self._sizes: dict[str, FitStep] = {}   # steps (body size, leading) copyfitting chose, per language
        self._project = None
        self._building = threading.Lock()      # one HTML render at a time (watcher, language switch)
        self._threads: list[threading.Thread] = []

    # --- building ------------------------------------------------------------------------

    def rebuild(self, reason: str = "start") -> None:
        """Render the HTML now and ask the PDF thread for a PDF of this generation."""
        with self._building:
            self._rebuild(reason)

    def _rebuild(self, reason: str) -> None:
        with self.changed:
            self.generation += 1
            generation, lang = self.generation, self.lang
            self.html_stage.busy = True
            self.pdf_stage.busy = self.with_pdf
            self.changed.notify_all()
        started = time.perf_counter()
        with _warnings() as warnings:
            try:
                self._project, html = self._render_html(lang)
                errors = []
            except BuildError as exc:
                html, errors = None, _lines(exc)
                _log_errors(f"{lang}: HTML", errors)
        with self.changed:
            if generation == self.generation:
                self.html_stage.finish(started, errors, html is not None)
                self.html_stage.warnings = warnings
                if html is not None:
                    self.html = html
                    log.info("preview: %s HTML ready in %.2f s (%s)", lang, self.html_stage.seconds, reason)
                if errors:
                    self.pdf_stage.busy = False
                self.changed.notify_all()
        if html is not None and self.with_pdf:
            self._pdf_wanted.set()

    def _render_html(self, lang: str):
        from build_factsheet.render.copyfit import FitStep, body_size
        from build_factsheet.render.html import make_environment, render_html
        from build_factsheet.project import load_project

        project = load_project(self.root, [lang], pub=self.pub)
        body = body_size(self.root, lang)
        step = (self._sizes.get(lang) or read_lock(self.root, project.factsheet.document_id).get(lang)
                or FitStep((body.smallest + body.largest) / 2))
        out_dir = self.root / BUILD_DIR / lang
        return project, render_html(project.documents[lang], step, out_dir, make_environment(self.root))

    def _pdf_loop(self) -> None:
        """Build the newest wanted PDF, one at a time; a result overtaken by a change is dropped."""
        from build_factsheet.model import fonts
        from build_factsheet.options import BuildOptions
        from build_factsheet.render.pdf import Renderer
        from build_factsheet.stages import render_locale

        fonts.isolate_fontconfig(self.root / BUILD_DIR)
        renderer = None
        while not self._stop.is_set():
            if not self._pdf_wanted.wait(0.2):
                continue
            self._pdf_wanted.clear()
            with self.changed:
                generation, lang, project = self.generation, self.lang, self._project
            started = time.perf_counter()
            rendered, errors = None, []
            try:
                # The preview's PDF is never published: no SOURCE_DATE_EPOCH set for the whole process.
                renderer = renderer or Renderer(self.root)
                rendered = render_locale(project, lang, renderer, BuildOptions(root=self.root, kit=False),
                                         self._sizes.get(lang) or _locked(self.root, project.factsheet.document_id, lang))
                self._sizes[lang] = step_of(rendered)
            except BuildError as exc:
                errors = _lines(exc)
                _log_errors(f"{lang}: PDF", errors)
            with self.changed:
                if generation != self.generation:
                    continue  # a newer change is being built
                # Shown as soon as it is laid out; what its checks find follows, as an edit's errors do.
                self.pdf_stage.finish(started, errors, rendered is not None)
                self.pdf_stage.checking = rendered is not None
                if rendered is not None:
                    self.pdf = rendered.pdf
                    log.info("preview: %s PDF ready in %.2f s", lang, self.pdf_stage.seconds)
                self.changed.notify_all()
            if rendered is not None and not self._pdf_wanted.is_set():  # else a newer PDF comes first
                self._check(generation, project, rendered)

    def _check(self, generation: int, project, rendered) -> None:
        """Read the PDF just shown back and check it, as a build does; report what fails with its errors."""
        from build_factsheet.stages import check_locale

        errors = []
        try:
            check_locale(project, rendered, self.root)
        except BuildError as exc:
            errors = _lines(exc)
            _log_errors(f"{rendered.lang}: PDF", errors)
        with self.changed:
            if generation == self.generation:
                self.pdf_stage.errors, self.pdf_stage.checking = errors, False
            self.changed.notify_all()

    def watch(self) -> None:
        """Rebuild whenever a watched file changes, until stop()."""
        import watchfiles

        paths = [self.root / name for name in WATCHED if (self.root / name).is_dir()]
        for changes in watchfiles.watch(*paths, stop_event=self._stop, debounce=400, step=20,
                                        rust_timeout=200, yield_on_timeout=False):
            names = sorted({Path(path).relative_to(self.root).as_posix() for _, path in changes})
            if all(name.startswith(f"{BUILD_DIR}/") for name in names):
                continue
            log.info("preview: changed %s", ", ".join(names))
            self.rebuild("changed " + ", ".join(names))

    def switch(self, lang: str) -> None:
        """Show another language."""
        if lang not in self.langs:
            raise ValueError(lang)
        with self.changed:
            self.lang = lang
        self.rebuild(f"switched to {lang}")

    def start(self) -> None:
        """Build once, then keep watching and building in background threads."""
        if self.with_pdf:
            self._threads.append(threading.Thread(target=self._pdf_loop, name="preview-pdf", daemon=True))
        self._threads.append(threading.Thread(target=self.watch, name="preview-watch", daemon=True))
        self._threads[0].start()
        self.rebuild()
        for thread in self._threads[1:]:
            thread.start()

    def stop(self, timeout: float = 60) -> None:
        """Stop watching and building; wait (up to `timeout` s) for a PDF being laid out to finish."""
        self._stop.set()
        with self.changed:
            self.changed.notify_all()
        for thread in self._threads:
            if thread.is_alive() and thread is not threading.current_thread():
                thread.join(timeout)

    def colours(self) -> dict[str, str]:
        """The brand's colours for the browser page; none while layouts/brand.yaml is broken (the page says why)."""
        from build_factsheet.model.brand import load_brand

        try:
            return load_brand(self.root).colours
        except BuildError:
            return {}

    def state(self) -> dict:
        with self.changed:
            return {"lang": self.lang, "langs": self.langs, "generation": self.generation,
                    "html": self.html_stage.as_dict(), "pdf": self.pdf_stage.as_dict(), "with_pdf": self.with_pdf}


def _locked(root: Path, publication: str, lang: str) -> FitStep | None:
    return read_lock(root, publication).get(lang)


def _lines(exc: BuildError) -> list[str]:
    return [exc.summary, *(str(p) for p in exc.problems)] if isinstance(exc, BuildError) else [str(exc)]


@contextmanager
def _warnings():
    """Collect what this thread logs at WARNING (still printed in the terminal), to show in the page."""
    messages: list[str] = []
    thread = threading.get_ident()
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: (record.levelno == logging.WARNING and record.thread == thread
                                   and messages.append(record.getMessage()))
    logger = logging.getLogger("build_factsheet")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def _log_errors(what: str, lines: list[str]) -> None:
    log.error("preview: %s failed:\n  %s", what, "\n  ".join(lines))


# --- HTTP ----------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    preview: Preview  # set on the subclass made by make_server

    def log_message(self, format, *args):  # noqa: A002  (the stdlib's name)
        log.debug("preview: %s", format % args)

    def do_GET(self):  # noqa: N802  (the stdlib's name)
        url = urlsplit(self.path)
        path = unquote(url.path)
        preview = self.preview
        if path == "/":
            lang = parse_qs(url.query).get("lang", [None])[0]
            if lang and lang != preview.lang and lang in preview.langs:
                threading.Thread(target=preview.switch, args=(lang,), daemon=True).start()
            return self._send(preview_page(preview.colours()).encode(), "text/html; charset=utf-8")
        if path == "/state":
            return self._send(json.dumps(preview.state()).encode(), "application/json")
        if path == "/events":
            return self._events()
        if path.startswith("/html/") and path.endswith("/factsheet.html"):
            with preview.changed:
                html = preview.html
            return self._send(html.replace("</head>", SCREEN_PAGE + "</head>", 1).encode(), "text/html; charset=utf-8")
        if path.startswith("/pdf/") and path.endswith(".pdf"):
            with preview.changed:
                pdf = preview.pdf
            if not pdf:
                return self.send_error(HTTPStatus.NOT_FOUND, "no PDF yet")
            return self._send(pdf, "application/pdf")
        top = path.lstrip("/").split("/", 1)[0]
        if top in STATIC:
            target = (preview.root / path.lstrip("/")).resolve()
            if target.is_relative_to(preview.root / top) and target.is_file():
                return self._send_file(target)
        self.send_error(HTTPStatus.NOT_FOUND)

    def _send_file(self, path: Path) -> None:
        """Send a layout or asset file; the browser revalidates it on each reload (304 if unchanged)."""
        import mimetypes

        stat = path.stat()
        tag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if self.headers.get("If-None-Match") == tag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", tag)
            self.end_headers()
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self._send(path.read_bytes(), kind, {"ETag": tag, "Cache-Control": "no-cache"})

    def _send(self, body: bytes, kind: str, headers: dict | None = None) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {"Cache-Control": "no-store"}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Send the state now and after every change (Server-Sent Events), until the page goes."""
        preview = self.preview
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        last = None
        try:
            while not preview._stop.is_set():
                state = json.dumps(preview.state())
                if state != last:
                    self.wfile.write(f"data: {state}\n\n".encode())
                    self.wfile.flush()
                    last = state
                with preview.changed:
                    if json.dumps(preview.state()) == last:
                        if not preview.changed.wait(15):
                            self.wfile.write(b": keep-alive\n\n")
                            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def make_server(preview: Preview, port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1:`port` (0: any free port) for `preview`."""
    handler = type("PreviewHandler", (_Handler,), {"preview": preview})
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} is in use: pass --port (--port 0 takes any free port)") from None
        if exc.errno == errno.EACCES:
            raise UsageError(f"port {port} needs privileges this user does not have: pass --port") from None
        raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
    server.daemon_threads = True
    return server


def serve(root: Path, lang: str | None, port: int, pdf: bool = True, ready=None, pub: str | None = None) -> None:
    """Build, serve and watch until interrupted; `ready(url)` is called once the server listens.

    `pub` names the publication (its id or file name); None: the project's only one.
    """
    preview = Preview(root, lang, pdf, pub)
    server = make_server(preview, port)
    url = f"http://{HOST}:{server.server_address[1]}/"
    threading.Thread(target=preview.start, daemon=True).start()
    if ready:
        ready(url)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        preview.stop()
        server.server_close()
