"""A review's staged set -> build/review/set.json; later, that set published to output/ if nothing it was made from changed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from build_factsheet.errors import BuildError, Problem, file_error
from build_factsheet.model.sizelock import FitStep, parse_step, step_of
from build_factsheet.project import BuildOptions
from build_factsheet.publish.files import BUILD_DIR, OUTPUT_DIR, Outgoing

SET_FILE = f"{BUILD_DIR}/review/set.json"
SET_FORMAT = 1
MANIFEST = f"{OUTPUT_DIR}/manifest.json"


def _manifest_digest(root: Path) -> str | None:
    """What output/ held when the review compared with it (its manifest names every published file's sha256)."""
    try:
        return hashlib.sha256((root / MANIFEST).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _source_digests(root: Path) -> dict[str, str]:
    """sha256 of each file under source/ but the copyfit lock: to name the file that changed since a review."""
    from build_factsheet.publish.cache import sha256_file

    return {path.relative_to(root).as_posix(): sha256_file(path)
            for path in sorted((root / "source").rglob("*.yaml")) if path.is_file()}


def _steps(recorded: dict) -> dict[str, FitStep]:
    """The lock's steps per language as set.json records them (a set written before leadings: numbers)."""
    return {lang: step for lang, value in recorded.items() if (step := parse_step(str(value))) is not None}


def _relative(path: Path, root: Path) -> str:
    """`path` (absolute when a worker staged it) relative to the project `root` (relative with `-C .`)."""
    import os

    return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


def record_set(options: BuildOptions, built: list, everything: list, languages: list) -> list[str]:
    """Write what `publish` will move into output/ and the input keys the review was made from;
    return the staged files it names (relative to the root)."""
    from build_factsheet.atomic import write_atomic
    from build_factsheet.pipeline import cache_entry

    root = options.root
    files, pending, locks = [], [], []
    for item in built:
        # The lock's steps as it writes them ("11.8 1.52"): set.json is JSON.
        before = {lang: str(step) for lang, step in item.before.items()}
        locked = dict(before)
        for result, outgoing in item.ready:
            pending.append(asdict(cache_entry(result, item.keys[result.lang], item.pub)))
            locked[result.lang] = str(step_of(result))
            for one in outgoing:
                files.append({"name": one.name, "sha256": one.sha256, "what": one.what,
                              "staged": _relative(one.staged, root) if one.staged else None,
                              "data": one.data.decode("utf-8") if one.data is not None else None})
        locks.append([item.pub, before, locked if item.ready else before])
    record = {
        "format": SET_FORMAT,
        "options": {"strict": options.strict, "kit": options.kit},
        "keys": {item.pub: item.keys for item in built},
        "manifest": _manifest_digest(root),
        "sources": _source_digests(root),
        "files": files,
        "pending": pending,
        "locks": locks,
        "failed": [f"{entry.label}: {entry.problems[0] if entry.problems else 'failed'}"
                   for entry in languages if entry.status == "failing"],
    }
    write_atomic(root / SET_FILE, json.dumps(record, indent=1, ensure_ascii=False), only_if_changed=True)
    return [item["staged"] for item in files if item["staged"]]


def publish_reviewed(root: Path, wait: float) -> list[str]:
    """Publish the set the last review staged, whole or not at all; return the names written in output/.

    Refuse (BuildError, nothing published) when there is no review, or when anything it was
    made from changed since: a language's inputs (its input key) or what output/ holds.
    """
    from build_factsheet.publish.lock import build_lock

    try:
        with build_lock(root, wait):
            return _publish_locked(root)
    except OSError as exc:
        raise file_error(exc) from None


def _publish_locked(root: Path) -> list[str]:
    from build_factsheet import pipeline
    from build_factsheet.model.source import load_publications
    from build_factsheet.publish.cache import CacheEntry, shared_digests

    try:
        record = json.loads((root / SET_FILE).read_text(encoding="utf-8"))
        if record.get("format") != SET_FORMAT:
            raise ValueError("written by another version")
    except FileNotFoundError:
        raise BuildError(f"{SET_FILE}: nothing reviewed to publish: run build-factsheet review first") from None
    except (OSError, ValueError) as exc:
        raise BuildError(f"{SET_FILE}: cannot read the reviewed set ({exc}): run build-factsheet review again") \
            from None
    everything = {factsheet.document_id: factsheet for factsheet in load_publications(root, check=False)}
    options = BuildOptions(root=root, **record["options"])
    shared = shared_digests(root)
    problems = []
    for pub, keys in record["keys"].items():
        if pub not in everything:
            problems.append(Problem("source/publications", None, None, f"publication '{pub}' is gone"))
            continue
        factsheet = everything[pub]
        now = pipeline.input_keys(options, factsheet, list(keys), shared)
        for lang, key in keys.items():
            if now[lang] != key:
                problems.append(Problem(f"{pub}/{lang}", None, None,
                                        "its inputs (source, locales, layouts, assets or code) changed since the review"))
    if problems:  # name the files of source/ that changed; layouts, assets or code otherwise
        now_sources = _source_digests(root)
        edited = sorted(name for name in {*now_sources, *record["sources"]}
                        if now_sources.get(name) != record["sources"].get(name))
        problems = [Problem(name, None, None, "changed since the review") for name in edited] + problems
    if _manifest_digest(root) != record["manifest"]:
        problems.append(Problem(MANIFEST, None, None, "output/ changed since the review (another build published)"))
    if problems:
        raise BuildError("the project changed since it was reviewed; nothing was published: "
                         "run build-factsheet review again and look at what changed:", problems)
    outgoing = [Outgoing(item["name"], item["sha256"], staged=root / item["staged"] if item["staged"] else None,
                         data=item["data"].encode("utf-8") if item["data"] is not None else None, what=item["what"])
                for item in record["files"]]
    pending = {(entry["publication"], entry["lang"]): CacheEntry(**entry) for entry in record["pending"]}
    written = []
    if pending:
        building = {pub: list(keys) for pub, keys in record["keys"].items()}
        written = pipeline.publish_files(root, pending, outgoing, building, options.kit, list(everything.values()))
        pipeline.write_copyfit_locks(root, [(pub, _steps(before), _steps(locked))
                                            for pub, before, locked in record["locks"]])
    (root / SET_FILE).unlink()  # published once: a second publish needs a new review
    if record["failed"]:
        raise BuildError(f"{len(record['failed'])} language(s) failed their checks in the review and were not "
                         f"published:", [Problem(line.split(":", 1)[0], None, None, line.split(": ", 1)[-1])
                                         for line in record["failed"]])
    return written
