"""startup: WeasyPrint starts without searching for its libraries again, and loads its fallback subsetter on use."""

import ctypes.util
import json
import subprocess
import sys
import textwrap

import pytest

from build_factsheet import startup


@pytest.fixture
def lookups(monkeypatch):
    """A stand-in for the slow `find_library` that records each name it was asked for."""
    asked = []

    def find_library(name):
        asked.append(name)
        return f"lib{name}.so.1" if name.startswith("found") else None

    monkeypatch.setattr(ctypes.util, "find_library", find_library)
    return asked


def resolve(cache_dir, *names):
    with startup.remembered_lookups(cache_dir):
        return [ctypes.util.find_library(name) for name in names]


def test_answers_are_remembered_found_or_not(tmp_path, lookups):
    assert resolve(tmp_path, "found-a", "missing-b") == ["libfound-a.so.1", None]
    assert lookups == ["found-a", "missing-b"]
    assert resolve(tmp_path, "found-a", "missing-b") == ["libfound-a.so.1", None]
    assert lookups == ["found-a", "missing-b"], "the second start searched again"
    # A name not seen before is looked up and added to what is known.
    assert resolve(tmp_path, "found-c", "found-a") == ["libfound-c.so.1", "libfound-a.so.1"]
    assert lookups == ["found-a", "missing-b", "found-c"]
    names = json.loads((tmp_path / startup.CACHE_NAME).read_text())["names"]
    assert names == {"found-a": "libfound-a.so.1", "missing-b": None, "found-c": "libfound-c.so.1"}


def test_the_lookup_is_only_replaced_inside_the_context(tmp_path, lookups):
    replaced = ctypes.util.find_library
    with startup.remembered_lookups(tmp_path):
        assert ctypes.util.find_library is not replaced
    assert ctypes.util.find_library is replaced
    with pytest.raises(RuntimeError), startup.remembered_lookups(tmp_path):
        raise RuntimeError("an import failed")
    assert ctypes.util.find_library is replaced


@pytest.mark.parametrize("change", ["library path", "linker cache"])
def test_a_change_of_the_machine_means_searching_again(tmp_path, lookups, monkeypatch, change):
    resolve(tmp_path, "found-a")
    if change == "library path":
        monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path / "lib"))
    else:  # apt-get install runs ldconfig, which rewrites the linker's cache
        fake = tmp_path / "ld.so.cache"
        fake.write_bytes(b"x")
        monkeypatch.setattr(startup, "LD_SO_CACHE", fake)
    resolve(tmp_path, "found-a")
    assert lookups == ["found-a", "found-a"]


@pytest.mark.parametrize("damage", ["", "{", "[]", '{"stamp": 1}', '{"stamp": null, "names": []}', "\udcff"])
def test_a_damaged_cache_is_searched_again_and_rewritten(tmp_path, lookups, damage):
    (tmp_path / startup.CACHE_NAME).write_text(damage, encoding="utf-8", errors="surrogateescape")
    assert resolve(tmp_path, "found-a") == ["libfound-a.so.1"]
    assert resolve(tmp_path, "found-a") == ["libfound-a.so.1"]
    assert lookups == ["found-a"]


def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path, lookups):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert resolve(blocked / "cache", "found-a") == ["libfound-a.so.1"]
    assert resolve(blocked / "cache", "found-a") == ["libfound-a.so.1"]
    assert lookups == ["found-a", "found-a"]


START = textwrap.dedent("""
    import ctypes.util, json, sys, time
    from pathlib import Path
    from build_factsheet import fonts
    root = Path(sys.argv[1])
    fonts.isolate_fontconfig(root / "build")
    search, searched = ctypes.util.find_library, []
    ctypes.util.find_library = lambda name: searched.append(name) or search(name)
    started = time.perf_counter()
    from build_factsheet.pdf import Renderer
    Renderer(root)
    print(json.dumps({"searched": searched, "seconds": time.perf_counter() - started}))
""")


def test_weasyprint_starts_without_searching_the_second_time(mini_project):
    def start():
        run = subprocess.run([sys.executable, "-c", START, str(mini_project)], check=True,
                             capture_output=True, text=True)
        return json.loads(run.stdout.splitlines()[-1])

    first = start()
    assert {"pango-1.0", "harfbuzz", "fontconfig"} <= set(first["searched"])
    names = json.loads((mini_project / "build" / "cache" / startup.CACHE_NAME).read_text())["names"]
    assert names["pango-1.0"] == "libpango-1.0.so.0"
    second = start()
    assert second["searched"] == []
    print(f"WeasyPrint's start: {first['seconds']:.2f} s searching, {second['seconds']:.2f} s remembered")


FALLBACK = textwrap.dedent("""
    import sys
    from pathlib import Path
    from build_factsheet import fonts
    root = Path(sys.argv[1])
    fonts.isolate_fontconfig(root / "build")
    from build_factsheet.pdf import Renderer
    renderer = Renderer(root)
    print(type(sys.modules["fontTools.subset"]).__name__)
    import weasyprint.pdf.fonts
    weasyprint.pdf.fonts.harfbuzz_subset = None  # as on a machine without libharfbuzz-subset0
    page = ('<html lang="en"><head><link rel="stylesheet" href="../../layouts/brand.css"></head>'
            '<body style="font-family: Noto Sans">Subset by fontTools</body></html>')
    layout = renderer.layout(page, root / "build" / "en" / "page.html")
    pdf = renderer.write(layout)
    print(type(sys.modules["fontTools.subset"]).__name__)
    print(any("fontTools" in str(message) for message in layout.messages))
    sys.stdout.buffer.write(pdf)
""")


def test_the_fallback_subsetter_is_loaded_when_first_used(mini_project):
    from build_factsheet.readback import read_pdf

    run = subprocess.run([sys.executable, "-c", FALLBACK, str(mini_project)], check=True, capture_output=True)
    before, after, said, pdf = run.stdout.split(b"\n", 3)
    assert (before, after) == (b"_LazyModule", b"module")
    assert said == b"True"  # WeasyPrint logs that it used fontTools instead of HarfBuzz
    readback = read_pdf(pdf)
    assert "Subset by fontTools" in readback.pages_pypdf[0] and "Subset by fontTools" in readback.pages_pdfium[0]
