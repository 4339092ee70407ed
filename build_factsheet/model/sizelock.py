"""source/copyfit.lock <-> the body size copyfitting chose per publication and language."""

from __future__ import annotations

from build_factsheet.atomic import write_atomic

LOCK_FILE = "source/copyfit.lock"
LOCK_HEADER = """\
# Body text size (pt) that copyfitting chose for each publication and language, written by the build.
# The next build starts from it and keeps it while the content still fills the page
# budget, so builds are reproducible and a clean build lays each language out once.
# Commit it with the source.
"""


def read_lock(root, publication: str | None = None) -> dict[str, float]:
    """Return the locked body size per `<publication id>/<lang>`, or per language of `publication`
    (empty when there is no lock or it is damaged)."""
    path = root / LOCK_FILE
    sizes = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition(":")
            if name and not name.startswith("#") and "/" in name and value.strip():
                try:
                    sizes[name.strip()] = float(value)
                except ValueError:
                    continue  # a damaged line only costs a search
    if publication is None:
        return sizes
    return {key.split("/", 1)[1]: size for key, size in sizes.items() if key.split("/", 1)[0] == publication}


def write_lock(root, publication: str, sizes: dict[str, float]) -> bool:
    """Write `publication`'s sizes per language into the lock, keeping the other publications',
    in a stable order; return whether it changed."""
    every = {key: size for key, size in read_lock(root).items() if key.split("/", 1)[0] != publication}
    every.update({f"{publication}/{lang}": size for lang, size in sizes.items()})
    text = LOCK_HEADER + "".join(f"{key}: {every[key]:g}\n" for key in sorted(every))
    return write_atomic(root / LOCK_FILE, text, only_if_changed=True)
