"""A cache directory -> WeasyPrint imported in half the time (0.95 s -> 0.45 s on this machine).

Two thirds of WeasyPrint 70's import goes on work that a build does not need to repeat:

- **Library lookups.** WeasyPrint tries up to six names for each of its seven system libraries
  (Pango, HarfBuzz, fontconfig...) and cffi resolves each name with `ctypes.util.find_library`.
  On Linux a name that is not in `ldconfig -p` is then looked for by running gcc and ld: 22
  lookups, 0.3 s, at every start. The answers only change when the machine's libraries do, so
  they are remembered in `build/cache/libraries.json`, stamped with what the lookups depend on
  (the dynamic linker's cache, the search paths). A different stamp, or a file that cannot be
  read, means looking again.
- **fontTools' subsetter** (0.2 s to import) is WeasyPrint's fallback for when HarfBuzz cannot
  subset a font; it is loaded on first use instead (`importlib.util.LazyLoader`).
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

CACHE_NAME = "libraries.json"
LD_SO_CACHE = Path("/etc/ld.so.cache")


def machine_stamp() -> list:
    """What `find_library`'s answers depend on; when any of it changes they are looked up again."""
    try:
        info = LD_SO_CACHE.stat()
        linker = [info.st_mtime_ns, info.st_size, info.st_ino]
    except OSError:
        linker = None
    # LD_LIBRARY_PATH and PATH (where gcc and ld are found) steer the slow searches.
    return [sys.platform, linker, os.environ.get("LD_LIBRARY_PATH", ""), os.environ.get("PATH", "")]


def _read(path: Path, stamp: list) -> dict[str, str | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["stamp"] == stamp and isinstance(data["names"], dict):
            return {str(k): (v if isinstance(v, str) else None) for k, v in data["names"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, from another machine state, or damaged: look everything up again
    return {}


def _write(path: Path, stamp: list, names: dict[str, str | None]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"stamp": stamp, "names": names}, indent=1, sort_keys=True),
                             encoding="utf-8")
        os.replace(temporary, path)  # whole or not at all, whichever worker writes last
    except OSError:
        pass  # a read-only build directory only costs the next start its 0.3 s


@contextmanager
def remembered_lookups(cache_dir: Path):
    """Within this context, `ctypes.util.find_library` answers from the cache, and what it had to
    look up is added to the cache on leaving. Used around WeasyPrint's import only.
    """
    path = cache_dir / CACHE_NAME
    stamp = machine_stamp()
    known = _read(path, stamp)
    looked_up: dict[str, str | None] = {}
    search = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        if name in known:
            return known[name]
        looked_up[name] = search(name)
        return looked_up[name]

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = search
        if looked_up:
            _write(path, stamp, {**known, **looked_up})


# Modules WeasyPrint imports whole at start but uses only on a fallback path.
FALLBACK_MODULES = ("fontTools.subset",)


def _load_on_first_use(name: str) -> None:
    """Register `name` so that it is executed when one of its attributes is first read."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return  # not installed: WeasyPrint's own import will say so
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)  # what `from parent import child` reads


def import_weasyprint(cache_dir: Path):
    """Import WeasyPrint (fontconfig must already be isolated: fonts.py) and return the module."""
    for name in FALLBACK_MODULES:
        _load_on_first_use(name)
    with remembered_lookups(cache_dir):
        import weasyprint
    return weasyprint
