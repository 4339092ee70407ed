"""A loaded project + languages to render -> (lang, Rendered or BuildError) from worker processes forked from this one."""

from __future__ import annotations

import os
from pathlib import Path

from build_factsheet.errors import BuildError, Problem, RenderError
from build_factsheet.model import fonts
from build_factsheet.model.source import Factsheet
from build_factsheet.options import BuildOptions, Progress
from build_factsheet.project import Project, load_project
from build_factsheet.publish.files import BUILD_DIR
from build_factsheet.publish.kit import make_extras
from build_factsheet.stages import Rendered, render_locale, source_date_epoch


# Per worker process: the renderer, set up once.
_WORKER: dict = {}


def _worker_start(root: Path) -> None:
    """Set up WeasyPrint once, here; forked workers inherit it."""
    from build_factsheet.render.pdf import Renderer

    _WORKER["renderer"] = Renderer(root)


def _worker_init() -> None:
    from build_factsheet.publish.lock import die_with_build

    die_with_build()  # a killed build leaves no idle workers behind


def load_and_render(lang: str, options: BuildOptions, locked: float | None):
    """In a worker: render one language of the project the build loaded before forking it
    (loaded here only where it was not inherited); (lang, Rendered or BuildError)."""
    project = _WORKER.get("project")
    if project is None or lang not in project.documents:
        try:
            project = load_project(options.root, [lang], options.draft, pub=options.pub)
        except BuildError as exc:
            return lang, exc
    return _worker_render(lang, project, options, locked)




def _worker_render(lang: str, project: Project, options: BuildOptions, locked: float | None):
    try:
        return lang, render_locale(project, lang, _WORKER["renderer"], options, locked)
    except BuildError as exc:
        return lang, exc


class _Starting:
    """WeasyPrint's import and a Renderer for `root`, made in a thread (see Workers)."""

    def __init__(self, root: Path):
        import threading

        self.root = root
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(root,), name="start-weasyprint", daemon=True)
        self.thread.start()

    def _run(self, root: Path) -> None:
        try:
            _worker_start(root)
        except BaseException as exc:  # noqa: BLE001 (given to the thread that joins)
            self.error = exc

    def join(self, raise_error: bool = True) -> None:
        self.thread.join()
        if self.error is not None and raise_error:
            error, self.error = self.error, None
            raise error


def start_weasyprint(root: Path) -> None:
    """Start WeasyPrint for `root` now, in a thread, for the Workers made later in this build."""
    root = root.resolve()
    renderer, starting = _WORKER.get("renderer"), _WORKER.get("starting")
    if (renderer is not None and renderer.root == root) or (starting is not None and starting.root == root):
        return
    fonts.isolate_fontconfig(root / BUILD_DIR)  # before WeasyPrint is imported
    _WORKER["starting"] = _Starting(root)


def stop_starting() -> None:
    """Wait for a start that no Workers took (nothing was rendered): no thread left importing at exit."""
    starting = _WORKER.pop("starting", None)
    if starting is not None:
        starting.join(raise_error=False)


class Workers:
    """Worker processes forked from this one once it has started WeasyPrint and loaded the
    project: they render the languages, and all of them end with the build. With one job, or
    where fork is not the way processes start, everything renders in this process instead.

    WeasyPrint starts in a thread while this process loads the project: most of its start is
    spent waiting for the system's library lookups (ctypes runs ldconfig, gcc and ld for each
    name it tries), which leaves the interpreter free for the loading meanwhile.
    """

    def __init__(self, factsheet: Factsheet, options: BuildOptions, count: int):
        import multiprocessing

        self.root = options.root.resolve()  # `-C .` in two folders: the same Path, not the same project
        self.options = options
        jobs = max(1, min(options.jobs or os.cpu_count() or 1, count))
        fonts.isolate_fontconfig(self.root / BUILD_DIR)  # before any WeasyPrint import, here or in a worker
        # fontTools (WeasyPrint's fallback subsetter) stamps fonts with the time unless this is set.
        self.previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = self.previous_epoch or str(source_date_epoch(factsheet))
        self.jobs = jobs
        self.pool = None
        self.sent: list = []  # futures of the languages sent to the workers
        self.forking = options.jobs != 1 and multiprocessing.get_start_method(allow_none=True) in (None, "fork")
        self.starting = _WORKER.pop("starting", None)  # started early by the build (start_weasyprint)
        if self.starting is not None and self.starting.root != self.root:
            self.starting.join(raise_error=False)
            self.starting = None
        if self.starting is None and ("renderer" not in _WORKER or _WORKER["renderer"].root != self.root):
            self.starting = _Starting(self.root)

    def start(self, project: Project, langs: list[str], locked: dict, progress: Progress) -> None:
        """Fork the workers with WeasyPrint started and `project` loaded, and send them every
        language: one import and one load, shared by all of them."""
        if self.starting is not None:
            self.starting.join()
        if not self.forking:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _WORKER["project"] = project
        self.pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                        initializer=_worker_init)
        for lang in langs:
            progress(lang, "started", None)
            self.sent.append(self.pool.submit(load_and_render, lang, self.options, locked.get(lang)))

    def extras(self, rendered: Rendered):
        """Start making `rendered`'s print PDF and thumbnail (kit.make_extras) in a worker, while
        this process checks it; return what gives them (or raises what failed) once needed."""
        if self.pool is None:
            return lambda: make_extras(self.root, rendered.lang, rendered.staged.name, rendered.pdf)
        return self.pool.submit(make_extras, self.root, rendered.lang, rendered.staged.name, rendered.pdf).result

    def render(self, project: Project, langs: list[str], locked: dict, progress: Progress):
        """Return an iterator of (lang, Rendered or BuildError) in the order they finish."""
        if self.pool is None:
            return self._render_here(project, langs, locked, progress)
        from concurrent.futures import as_completed

        return (future.result() for future in as_completed(self.sent))

    def _render_here(self, project: Project, langs: list[str], locked: dict, progress: Progress):
        if "renderer" not in _WORKER or _WORKER["renderer"].root != self.root:
            _worker_start(self.root)
        for lang in langs:
            progress(lang, "started", None)
            yield _worker_render(lang, project, self.options, locked.get(lang))

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        _WORKER.pop("project", None)
        if self.starting is not None:
            self.starting.join(raise_error=False)  # never leave a thread importing at exit
        if self.pool is not None:
            # On an error (say, a locale that does not validate) do not wait for the workers to
            # finish what they were rendering before reporting it; they end with this process.
            self.pool.shutdown(wait=exc_type is None, cancel_futures=True)
        if self.previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        from concurrent.futures.process import BrokenProcessPool

        if exc_type is not None and issubclass(exc_type, BrokenProcessPool):  # out of memory, or a signal
            raise RenderError("A worker process ended abruptly (out of memory, or killed); the languages it "
                              "had not finished were not published:", [Problem("build", None, None, str(exc[0]))])
