"""A loaded project + languages to render -> (lang, Rendered or BuildError) from the build's worker processes.

The workers are forked as soon as the build knows it will render (after an edit: before it
has loaded anything), and each starts WeasyPrint itself: importing it is a second of work
for the interpreter (cffi parses its C declarations, ctypes looks for the libraries), which
a worker does on the second core while the build loads the project. The build then sends
each worker the project it loaded, pickled with the job. One pool serves every publication
of the build, and it ends with the build.
"""

from __future__ import annotations

import os
from pathlib import Path

from build_factsheet.errors import BuildError, Problem, RenderError
from build_factsheet.model import fonts
from build_factsheet.model.sizelock import FitStep
from build_factsheet.model.source import Factsheet
from build_factsheet.options import BuildOptions, Progress
from build_factsheet.project import Project, load_project
from build_factsheet.publish.files import BUILD_DIR
from build_factsheet.publish.kit import make_extras
from build_factsheet.stages import Rendered, first_html, render_locale, source_date_epoch

# Per process: "renderer", WeasyPrint set up for one project; in the build, "pool", its workers.
_WORKER: dict = {}


def _worker_start(root: Path) -> None:
    """Set up WeasyPrint for the project at `root`, in this process."""
    from build_factsheet.render.pdf import Renderer

    _WORKER["renderer"] = Renderer(root)


def _worker_init(root: Path, build_pid: int) -> None:
    """A worker's start: end with the build, then set WeasyPrint up while the build loads the project."""
    from build_factsheet.publish.lock import die_with_build

    die_with_build(build_pid)  # a killed build leaves no idle workers behind
    _WORKER.pop("pool", None)  # the build's, not this process's
    _worker_start(root)


def load_and_render(lang: str, options: BuildOptions, locked: FitStep | None, project: Project | None = None,
                    epoch: str | None = None, made: dict[float, str] | None = None):
    """In a worker: render one language of `project` (or of the project loaded here, when the
    build sent none), from its HTML when the build `made` it; (lang, Rendered or BuildError)."""
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    if project is None or lang not in project.documents:
        try:
            project = load_project(options.root, [lang], options.draft, pub=options.pub)
        except BuildError as exc:
            return lang, exc
    if "renderer" not in _WORKER or _WORKER["renderer"].root != options.root.resolve():
        _worker_start(options.root.resolve())
    try:
        return lang, render_locale(project, lang, _WORKER["renderer"], options, locked, made)
    except BuildError as exc:
        return lang, exc


def _positions(pdf: bytes):
    from build_factsheet.readback import read_positions

    return read_positions(pdf)


def _extras(root: Path, lang: str, pdf_name: str, pdf: bytes, epoch: str):
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    return make_extras(root, lang, pdf_name, pdf)


class Pool:
    """The build's worker processes: one process pool each, so that they start as they are needed.

    A one-language edit needs one worker (it also makes the print PDF and thumbnail while the
    build checks the PDF); a second would import WeasyPrint on the core the build loads on.
    Jobs go to the worker with the least expected work.
    """

    def __init__(self, root: Path):
        self.root = root
        self.executors: list = []
        self.processes: list = []  # the workers' multiprocessing.Process objects
        self.load: list[float] = []  # expected seconds of work sent to each

    def grow(self, count: int) -> None:
        """Have `count` workers at least; each forks now and starts WeasyPrint."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        fonts.isolate_fontconfig(self.root / BUILD_DIR)  # before WeasyPrint is imported, in any worker
        while len(self.executors) < count:
            executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                           initializer=_worker_init, initargs=(self.root, os.getpid()))
            before = set(multiprocessing.active_children())
            executor.submit(int)  # forks the worker now, not with its first job
            self.processes += list(set(multiprocessing.active_children()) - before)
            self.executors.append(executor)
            self.load.append(0.0)

    def submit(self, seconds: float, function, *args):
        """Run `function(*args)` in the worker with the least expected work; its future."""
        index = min(range(len(self.executors)), key=self.load.__getitem__)
        self.load[index] += seconds
        return self.executors[index].submit(function, *args)

    def close(self, wait: bool = True) -> None:
        """End the workers: once they finish what they do, or (`wait` False: the build failed) now.

        A worker that died takes down only its own pool; the others would finish their
        languages, which nobody will publish, and the interpreter waits for them at exit.
        """
        if not wait:
            for process in self.processes:
                process.kill()
        for executor in self.executors:
            executor.shutdown(wait=wait, cancel_futures=True)
        self.executors.clear()
        self.processes.clear()


def forking(options: BuildOptions) -> bool:
    """Whether this build renders in worker processes (forked: not with --jobs 1, nor where fork is not the way)."""
    import multiprocessing

    return options.jobs != 1 and multiprocessing.get_start_method(allow_none=True) in (None, "fork")


def start_workers(options: BuildOptions, count: int = 1) -> Pool | None:
    """The build's pool for `options.root`, with `count` workers at least (started now)."""
    if not forking(options):
        return None
    root = options.root.resolve()
    pool = _WORKER.get("pool")
    if pool is None or pool.root != root:
        close_workers()
        pool = _WORKER["pool"] = Pool(root)
    pool.grow(max(1, min(count, options.jobs or os.cpu_count() or 1)))
    return pool


def close_workers(wait: bool = True) -> None:
    """End the build's workers (at its end: none is left running)."""
    pool = _WORKER.pop("pool", None)
    if pool is not None:
        pool.close(wait)


class Workers:
    """One publication's languages rendered by the build's workers (start_workers), or in this
    process with one job or where fork is not the way processes start."""

    def __init__(self, factsheet: Factsheet, options: BuildOptions, count: int):
        self.root = options.root.resolve()  # `-C .` in two folders: the same Path, not the same project
        self.options = options
        # fontTools (WeasyPrint's fallback subsetter) stamps fonts with the time unless this is set.
        self.previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        self.epoch = self.previous_epoch or str(source_date_epoch(factsheet))
        os.environ["SOURCE_DATE_EPOCH"] = self.epoch
        self.pool = start_workers(options, count)
        self.count = count
        self.sent: list = []  # futures of the languages sent to the workers

    def start(self, project: Project, langs: list[str], locked: dict, progress: Progress,
              durations: dict[str, float] | None = None) -> None:
        """Send every language to the workers with the project loaded here."""
        if self.pool is None:
            return
        durations = durations or {}
        for lang in langs:
            progress(lang, "started", None)
            # Its first HTML made here while the worker starts WeasyPrint: the worker lays it out at once.
            made = first_html(project, lang, self.options.root, locked.get(lang))
            self.sent.append(self.pool.submit(durations.get(lang, 1.0), load_and_render, lang, self.options,
                                              locked.get(lang), project, self.epoch, made))

    def positions(self, rendered: Rendered):
        """With one language to render, have its worker, now idle, read the PDF's text positions
        (pypdfium2's part of readback.read_pdf) while this process reads the rest; return what
        gives them, or None (several languages: the workers are busy rendering the others)."""
        if self.pool is None or self.count != 1:
            return None
        return self.pool.submit(0.05, _positions, rendered.pdf).result

    def extras(self, rendered: Rendered):
        """Start making `rendered`'s print PDF and thumbnail (kit.make_extras) in a worker, while
        this process checks it; return what gives them (or raises what failed) once needed."""
        if self.pool is None:
            return lambda: make_extras(self.root, rendered.lang, rendered.staged.name, rendered.pdf)
        return self.pool.submit(0.1, _extras, self.root, rendered.lang, rendered.staged.name, rendered.pdf,
                                self.epoch).result

    def render(self, project: Project, langs: list[str], locked: dict, progress: Progress):
        """Return an iterator of (lang, Rendered or BuildError) in the order they finish."""
        if self.pool is None:
            return self._render_here(project, langs, locked, progress)
        from concurrent.futures import as_completed

        return (future.result() for future in as_completed(self.sent))

    def _render_here(self, project: Project, langs: list[str], locked: dict, progress: Progress):
        for lang in langs:
            progress(lang, "started", None)
            yield load_and_render(lang, self.options, locked.get(lang), project)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:
            # On an error (say, a locale that does not validate) do not wait for the workers to
            # finish what they were rendering before reporting it; they end with this process.
            close_workers(wait=False)
        if self.previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        from concurrent.futures.process import BrokenProcessPool

        if exc_type is not None and issubclass(exc_type, BrokenProcessPool):  # out of memory, or a signal
            raise RenderError("A worker process ended abruptly (out of memory, or killed); the languages it "
                              "had not finished were not published:", [Problem("build", None, None, str(exc[0]))])
