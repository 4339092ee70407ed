"""Project files + options -> an input key per language, and the build cache that maps keys to checked PDFs."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from build_factsheet import __version__

CACHE_DIR = "build/cache"
VERSIONS_PATH = "build/cache/library-versions.json"
# Bump when the cache format or what it records changes: old entries then never match.
CACHE_FORMAT = 3  # 2: entries record the kit's files (print PDF, thumbnail); 3: and their publication
# Libraries whose version can change the PDF or what the checks accept.
RENDERING_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "Pyphen",
                       "Pillow", "Jinja2", "markdown-it-py", "Babel", "pypdf", "pypdfium2", "pikepdf",
                       "lingua-language-detector")


@dataclass
class CacheEntry:
    """What a build of one language produced, keyed by everything that shaped it."""

    lang: str
    key: str
    pdf: str          # file name in output/
    sha256: str
    bytes: int
    pages: int
    body_pt: float
    checks: int       # checks passed
    seconds: float = 0.0  # how long it took: the next build starts the slowest languages first
    extras: dict = field(default_factory=dict)  # kit files published with the PDF (kit.publish_extras)
    publication: str = ""  # the publication's document id: one entry per (publication, language)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class FileHashMemo:
    """The sha256 of input files, remembered in build/cache/ while a file's size, times and
    inode stay the same: hashing the 5.6 MB of fonts was a tenth of a build with nothing to do.

    Any write changes a file's ctime, which no program can set back. A file whose ctime falls
    within a second of when its hash was remembered may have changed again in the same clock
    tick, so it is hashed again (what git does with its index).
    """

    PATH = "build/cache/input-hashes.json"

    def __init__(self, root: Path):
        self.root = root
        try:
            data = json.loads((root / self.PATH).read_text(encoding="utf-8"))
            self.known, self.written_ns = dict(data["files"]), int(data["written_ns"])
        except (OSError, ValueError, KeyError, TypeError):
            self.known, self.written_ns = {}, 0
        self.seen: dict[str, list] = {}

    def sha256(self, path: Path) -> str:
        info = path.stat()
        stamp = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        name = path.relative_to(self.root).as_posix()
        known = self.known.get(name)
        if (isinstance(known, list) and len(known) == 5 and known[:4] == stamp
                and info.st_ctime_ns < self.written_ns - 1_000_000_000):
            self.seen[name] = known
            return known[4]
        self.seen[name] = [*stamp, sha256_file(path)]
        return self.seen[name][4]

    def save(self) -> None:
        """Remember what this build hashed, if that changed; a build/ that cannot be written only costs time."""
        if self.seen == self.known:
            return
        from build_factsheet.atomic import write_atomic

        try:
            write_atomic(self.root / self.PATH, json.dumps({"written_ns": time.time_ns(), "files": self.seen}))
        except OSError:
            pass


def _tree_digest(digest, root: Path, folder: str, skip: str | None = None, hash_file=sha256_file) -> None:
    base = root / folder
    skipped = root / skip if skip else None
    for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and not (skipped and p.is_relative_to(skipped))):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hash_file(path).encode())


def library_versions(root: Path | None = None) -> dict[str, str]:
    """Map each of RENDERING_LIBRARIES to its installed version ('-' where it is not installed).

    importlib.metadata takes 20-30 ms for these (its import, and each distribution's metadata
    read whole), a sixth of a build with nothing to do, so the answer is remembered in
    `root`'s build/cache/ with the times of the folders on sys.path: installing, upgrading or
    removing a distribution adds or removes entries in one of them, which changes its ctime
    (no program can set that back). A folder changed within a second of when the answer was
    remembered may have changed again in the same clock tick: then the versions are read again.
    """
    stamp = _path_stamp()
    memo = root / VERSIONS_PATH if root is not None else None
    if memo is not None:
        try:
            data = json.loads(memo.read_text(encoding="utf-8"))
            if (data["stamp"] == stamp and list(data["versions"]) == list(RENDERING_LIBRARIES)
                    and all(entry[2] < data["written_ns"] - 1_000_000_000 for entry in stamp[1:] if entry[1:])):
                return dict(data["versions"])
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            pass
    from importlib import metadata

    versions = {}
    for name in RENDERING_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    if memo is not None:
        from build_factsheet.atomic import write_atomic

        try:
            write_atomic(memo, json.dumps({"written_ns": time.time_ns(), "stamp": stamp, "versions": versions}))
        except OSError:
            pass  # a build/ that cannot be written only costs time
    return versions


def _path_stamp() -> list:
    """Python's version and, per folder on sys.path, its modification and change times and inode."""
    stamp: list = [sys.version]
    for folder in sys.path:
        try:
            info = os.stat(folder or ".")
        except OSError:
            stamp.append([folder])
            continue
        stamp.append([folder, info.st_mtime_ns, info.st_ctime_ns, info.st_ino])
    return stamp


def environment_digest(root: Path | None = None) -> str:
    """Digest the pipeline's own code and the versions of the libraries that render and check."""
    digest = hashlib.sha256(f"format {CACHE_FORMAT} build_factsheet {__version__}".encode())
    package = Path(__file__).resolve().parent
    _tree_digest(digest, package.parent, package.name)
    for name, version in library_versions(root).items():
        digest.update(f"{name} {version}\n".encode())
    digest.update(f"python {platform.python_version()}".encode())
    return digest.hexdigest()


def shared_digests(root: Path) -> dict[str, str]:
    """Digests of what every language's PDF depends on alike: the code and libraries, the layouts, the assets."""
    layouts, assets = hashlib.sha256(), hashlib.sha256()
    memo = FileHashMemo(root)
    _tree_digest(layouts, root, "layouts", skip="layouts/kit", hash_file=memo.sha256)  # the kit's templates shape no PDF
    _tree_digest(assets, root, "assets", hash_file=memo.sha256)
    memo.save()
    return {"environment": environment_digest(root), "layouts": layouts.hexdigest(), "assets": assets.hexdigest()}


LOCALE_DIGESTS = "build/cache/locale-digests"


def _locale_digest(path: Path, not_used: frozenset[str], root: Path | None = None) -> str:
    """The sha256 of a locale file, or, when other publications use some of its keys, of what is
    left of it without those keys: editing a string only another publication uses changes nothing here.

    That takes parsing the file; the answer is remembered in `root`'s build/cache/ under a hash
    of the file's bytes and of the keys left out (every locale of every publication was parsed
    on every build that had anything to do).
    """
    whole = sha256_file(path)
    if not not_used:
        return whole
    from build_factsheet.atomic import remembered

    left_out = "\n".join(sorted(not_used))
    key = hashlib.sha256(f"{whole}\n{left_out}".encode()).hexdigest()
    return remembered(root / LOCALE_DIGESTS / f"{key}.json" if root is not None else None,
                      lambda: _digest_without(path, not_used) or whole, decode=_a_digest)


def _a_digest(value) -> str:
    if not (isinstance(value, str) and len(value) == 64):
        raise TypeError("not a sha256")  # a damaged record: computed again
    return value


def _digest_without(path: Path, not_used: frozenset[str]) -> str | None:
    """The digest of a locale file's strings but `not_used`; None where it does not load as a mapping."""
    from build_factsheet.model.yamlfile import load_yaml

    doc, _ = load_yaml(path)
    if doc is None or not isinstance(doc.data, dict):
        return None  # what loading it says is the build's to report

    def flat(node, prefix=""):
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                yield from flat(value, f"{name}.")
            elif name not in not_used:
                yield name, value

    kept = sorted(flat(doc.data), key=lambda item: item[0])
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False, default=str).encode()).hexdigest()


def input_keys(root: Path, langs: list[str], source_lang: str, publication_file: str, options: dict,
               parts: dict[str, str] | None = None, not_used: frozenset[str] = frozenset()) -> dict[str, str]:
    """Return, per language, a key that changes whenever anything that shapes its PDF changes.

    A language's PDF depends on the project and the publication (source/project.yaml,
    `publication_file`), its own locale, the source locale (draft fallbacks and the
    leftover check), the layouts (with the block kinds and collection kinds declared there),
    the assets, the pipeline's code, the libraries' versions and the build options. `parts` are the
    shared_digests of `root` when the caller has them already.
    """
    parts = parts or shared_digests(root)
    shared = hashlib.sha256(parts["environment"].encode())
    shared.update(json.dumps(options, sort_keys=True).encode())
    for name in ("source/project.yaml", publication_file):
        shared.update(sha256_file(root / name).encode())
    shared.update(_locale_digest(root / "source" / "locales" / f"{source_lang}.yaml", not_used, root).encode())
    shared.update(parts["layouts"].encode() + parts["assets"].encode())
    keys = {}
    for lang in langs:
        digest = shared.copy()
        locale = root / "source" / "locales" / f"{lang}.yaml"
        digest.update(lang.encode() + (_locale_digest(locale, not_used, root).encode() if locale.exists() else b"-"))
        keys[lang] = digest.hexdigest()
    return keys


def entry_path(root: Path, publication: str, lang: str) -> Path:
    return root / CACHE_DIR / f"{publication}-{lang}.json"


def read_entry(root: Path, publication: str, lang: str) -> CacheEntry | None:
    """Return the cache entry of `publication` in `lang`, or None if there is none or it is damaged."""
    path = entry_path(root, publication, lang)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return CacheEntry(**data)
    except (OSError, ValueError, TypeError):
        return None


def write_entry(root: Path, entry: CacheEntry) -> None:
    """Record an entry atomically, so an interrupted build never leaves half an entry."""
    from build_factsheet.atomic import write_atomic

    write_atomic(entry_path(root, entry.publication, entry.lang), json.dumps(asdict(entry), indent=2, sort_keys=True))


def is_fresh(root: Path, entry: CacheEntry | None, key: str, output_dir: Path) -> bool:
    """Tell whether the published PDF is the one `key` produced, byte for byte."""
    if entry is None or entry.key != key:
        return False
    published = output_dir / entry.pdf
    if not (published.is_file() and published.stat().st_size == entry.bytes and
            sha256_file(published) == entry.sha256):
        return False
    for item in entry.extras.values():  # the kit files published with it (print PDF, thumbnail)
        path = output_dir / item["file"]
        if not path.is_file() or path.stat().st_size != item["bytes"] or sha256_file(path) != item["sha256"]:
            return False
    return True
