"""A project's file times + a build's options -> the last good build's results, when nothing it read has changed.

A build with nothing to do used to load and validate every YAML file and hash the inputs to
learn that: 0.2 s, two thirds of it importing the stages. After a good build the times of
every file it read and published are remembered here; the next build compares them first,
with the standard library alone, and only a difference (or any doubt) sends it down the
full path, which decides language by language from the content hashes (cache.input_keys).

What is compared: every file and folder under source/, layouts/, assets/ and output/, the
package's own code, the folders on sys.path (installing or upgrading a library changes
them), the cache entries, the interrupted-publishing journal, the options and the
environment variables that shape a build. A folder's times change when a file is added,
removed or renamed in it, so a new locale or publication is seen too.

Any write changes a file's ctime, which no program can set back; a file whose ctime falls
within a second of when the times were remembered may have changed again in the same clock
tick, so then the answer is "not known" (what git does with its index). The build's own
outputs are stamped after it wrote them, so those it wrote in that last second are
remembered by their content too (git's "racily clean" entries) and compared by it.

A review (`build-factsheet review`) is remembered the same way in a memo of its own, with
its page, pictures and staged set: a review again with nothing changed repeats its summary.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from build_factsheet.options import BuildOptions, LocaleResult, Progress

MEMO = "build/cache/up-to-date.json"
REVIEW_MEMO = "build/cache/reviewed.json"  # the last review's, apart: a build does not undo it
REVIEW_TREE = "build/review"  # its page, pictures and the set `publish` takes
FORMAT = 1
TREES = ("source", "layouts", "assets", "output")
JOURNAL = "build/publishing/journal.json"  # publish/files.py: its presence means a set to put back
PACKAGE = Path(__file__).resolve().parents[1]
RACY_NS = 1_000_000_000


def _stamp(path: str) -> list | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _tree(top: str, found: dict[str, list | None]) -> None:
    """Add the stamps of `top` and of every folder and file under it (links followed to files only)."""
    found[top] = _stamp(top)
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(dirs):
            path = os.path.join(folder, name)
            found[path] = _stamp(path)
        for name in sorted(files):
            path = os.path.join(folder, name)
            found[path] = _stamp(path)


def _inputs(root: Path) -> dict[str, list | None]:
    """The stamps of what a build reads: the project's sources, the code, the libraries."""
    found: dict[str, list | None] = {}
    for tree in TREES[:-1]:
        _tree(str(root / tree), found)
    _tree(str(PACKAGE), found)
    for folder in sys.path:
        found[f"sys.path:{folder}"] = _stamp(folder or ".")
    return found


def _outputs(root: Path, entries: list[str], trees: tuple[str, ...] = ()) -> dict[str, list | None]:
    """The stamps of what a build leaves: output/, the cache entries, and no journal (and `trees`)."""
    found: dict[str, list | None] = {}
    for tree in (TREES[-1], *trees):
        _tree(str(root / tree), found)
    for name in entries:
        found[name] = _stamp(str(root / name))
    found[JOURNAL] = _stamp(str(root / JOURNAL))
    return found


def _fingerprint(options: BuildOptions, command: str = "build") -> dict:
    """What, besides files, decides a build's (or a review's) result."""
    environment = {name: value for name, value in os.environ.items()
                   if name.startswith("BUILD_FACTSHEET_") or name == "SOURCE_DATE_EPOCH"}
    return {"format": FORMAT, "command": command, "python": sys.version, "executable": sys.executable,
            "root": str(options.root.resolve()), "langs": sorted(options.langs) if options.langs else None,
            "pub": options.pub, "strict": options.strict, "kit": options.kit, "environment": environment}


class Snapshot:
    """The inputs' stamps taken before a build reads anything: what its results were made from."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.root = options.root
        self.inputs = _inputs(options.root)

    def inputs_changed(self) -> bool:
        """Whether the last good build with these options read other files than there are now
        (an edit since: most likely something to render); False when there is no such build."""
        try:
            with open(self.root / MEMO, encoding="utf-8") as handle:
                memo = json.load(handle)
            if memo["fingerprint"] != _fingerprint(self.options):
                return False
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False
        # The project's own files only: the same project run from another interpreter or with
        # another sys.path is no edit (and may well have nothing to render).
        trees = tuple(str(self.root / tree) for tree in TREES[:-1])

        def project(stamps: dict) -> dict:
            return {name: stamp for name, stamp in stamps.items() if name.startswith(trees)}

        return isinstance(memo.get("inputs"), dict) and project(memo["inputs"]) != project(self.inputs)

    def wrote(self, path: Path) -> None:
        """Take the times of a source file the build itself wrote (source/copyfit.lock), and of its folder."""
        for name in (str(path), str(path.parent)):
            self.inputs[name] = _stamp(name)

    def remember(self, results: list[tuple[str, str, LocaleResult]]) -> None:
        """Record `results` (label, publication, result) of a good build: the next build with the
        same options and untouched files returns them without reading anything. A file changed
        during the build makes the stamps differ, so nothing wrong is remembered."""
        if self.options.draft or any(result.draft for _, _, result in results):
            return  # drafts are made on every build
        records = [{"label": label, "publication": pub, "lang": r.lang,
                    "pdf": os.path.relpath(r.pdf, self.root) if r.pdf else None, "pages": r.pages, "size": r.size,
                    "font_size_pt": r.font_size_pt, "sha256": r.sha256} for label, pub, r in results]
        entries = [f"build/cache/{record['publication']}-{record['lang']}.json" for record in records]
        self._write(MEMO, "build", entries, (), {"results": records})

    def remember_review(self, lines: list[str], page: Path, entries: list[str]) -> None:
        """Record a review with no language failing: its summary `lines`, its `page` and the files
        besides build/review/ that `publish` would take (`entries`, relative to the root). The
        next review with the same options and untouched files says the same without reading anything."""
        self._write(REVIEW_MEMO, "review", entries, (REVIEW_TREE,),
                    {"lines": lines, "page": os.path.relpath(page, self.root)})

    def _write(self, name: str, command: str, entries: list[str], trees: tuple[str, ...], results: dict) -> None:
        from build_factsheet.atomic import write_atomic

        outputs = _outputs(self.root, entries, trees)
        memo = {"fingerprint": _fingerprint(self.options, command), "inputs": self.inputs,
                "outputs": outputs, "entries": entries, "trees": list(trees), **results}
        try:
            memo["written_ns"] = time.time_ns()
            memo["racy"] = {path: _content(self.root / path) for path, stamp in outputs.items()
                            if stamp is not None and stamp[2] >= memo["written_ns"] - RACY_NS}
            write_atomic(self.root / name, json.dumps(memo))
        except OSError:
            pass  # a build/ that cannot be written only costs time


def _content(path: Path) -> str:
    """What a file holds (its sha256) or a folder (its names), to compare a stamp taken in the same clock tick."""
    import hashlib

    if path.is_dir():
        return "\n".join(sorted(os.listdir(path)))
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unchanged_memo(options: BuildOptions, name: str, command: str) -> dict | None:
    """The memo `name` if it was made with these options and nothing it stamped has changed since, else None."""
    root = options.root
    with open(root / name, encoding="utf-8") as handle:
        memo = json.load(handle)
    if memo.get("fingerprint") != _fingerprint(options, command):
        return None
    def racy(stamps: dict) -> list[str]:
        return [path for path, stamp in stamps.items() if stamp is not None and stamp[2] >= memo["written_ns"] - RACY_NS]

    if not memo["inputs"] or racy(memo["inputs"]):
        return None
    if _inputs(root) != memo["inputs"] or _outputs(root, memo["entries"], tuple(memo["trees"])) != memo["outputs"]:
        return None
    # What the build wrote in its last second: the same stamp and the same content.
    if any(memo["racy"].get(path) != _content(root / path) for path in racy(memo["outputs"])):
        return None
    return memo


def current_results(options: BuildOptions, progress: Progress | None = None) -> list[LocaleResult] | None:
    """The last good build's results if nothing it read or wrote has changed since, else None."""
    if options.draft:
        return None
    root = options.root
    try:
        if (memo := _unchanged_memo(options, MEMO, "build")) is None:
            return None
        results = [(record["label"], LocaleResult(record["lang"], root / record["pdf"] if record["pdf"] else None,
                                                  record["pages"], record["size"], 0.0, record["font_size_pt"],
                                                  cached=True, sha256=record["sha256"]))
                   for record in memo["results"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None  # no record, or a damaged one: the full path decides
    for label, result in results:
        if progress is not None:
            progress(label, "cached", result)
    return [result for _, result in results]


def current_review(options: BuildOptions) -> tuple[list[str], Path] | None:
    """The last review's summary lines and page if nothing it read or wrote has changed since, else None."""
    try:
        if (memo := _unchanged_memo(options, REVIEW_MEMO, "review")) is None:
            return None
        lines, page = [str(line) for line in memo["lines"]], options.root / memo["page"]
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return lines, page
