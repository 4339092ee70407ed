"""A built language (build/<lang>/) -> seconds to make its print PDF three ways: the old way, a second layout, pikepdf.

- old: build_factsheet/printing.py as it was at OLD (git), re-writing WeasyPrint's laid-out
  document after editing its private page boxes (the layout itself is not timed: the worker
  had it already);
- (a) WeasyPrint's public API: lay the HTML out again with `@page { bleed; marks: crop }`
  and write it (the BleedBox set by a finisher);
- (b) printing.make_print_pdf: pikepdf on the checked screen PDF's bytes (what the build does).
Each result must pass printing.check_print_pdf, and is compared with (b)'s pixels inside the
BleedBox. Best and median of RUNS, wall-clock and CPU; measures, never fails on time.
Usage: .venv/bin/python bench/print.py [LANG] [RUNS] [OLD]   (after `build-factsheet build --lang LANG`)
"""

from __future__ import annotations

import hashlib
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OLD = "c8d14c5"  # the last commit that made the print PDF from WeasyPrint's private page boxes


def timed(make, runs: int):
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = make()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, walls, cpus


def old_printing(rev: str):
    """printing.py as it was at `rev`, imported as part of the package (its relative imports work)."""
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:build_factsheet/printing.py"],
                            check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "old_printing.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("build_factsheet.old_printing", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def inside_bleed(data: bytes, bleed_mm: float, scale: float = 2.0):
    """Render each page and crop it to its BleedBox (what a printer keeps)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        images = []
        for page in pdf:
            media, bleed = page.get_mediabox(), page.get_bleedbox()
            image = page.render(scale=scale).to_pil().convert("RGB")
            left, top = (bleed[0] - media[0]) * scale, (media[3] - bleed[3]) * scale
            box = (round(left) + 1, round(top) + 1, image.width - round(left) - 1, image.height - round(top) - 1)
            images.append(image.crop(box))
        return images
    finally:
        pdf.close()


def main() -> None:
    lang = sys.argv[1] if len(sys.argv) > 1 else "en"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rev = sys.argv[3] if len(sys.argv) > 3 else OLD
    from PIL import ImageChops

    from build_factsheet import fonts, printing
    from build_factsheet.pdf import PDF_VARIANT, Renderer

    out_dir = REPO / "build" / lang
    html_path = out_dir / "factsheet.html"
    screen = next(p for p in out_dir.glob("*.pdf")).read_bytes()
    html = html_path.read_text(encoding="utf-8")
    bleed = printing.bleed_mm(REPO)

    fonts.isolate_fontconfig(REPO / "build")
    renderer = Renderer(REPO)
    weasyprint = renderer.weasyprint
    layout = renderer.layout(html, html_path)  # the worker's layout, which the old way re-writes
    assert renderer.write(layout) == screen, "build/ is stale: run `build-factsheet build --lang LANG` first"

    started = time.perf_counter()
    printing.make_print_pdf(screen, bleed)
    first = time.perf_counter() - started  # includes importing pikepdf, once per build

    def second_layout() -> bytes:
        import pydyf

        css = weasyprint.CSS(string=f"@page {{ bleed: {printing.MEDIA_MARGIN_MM}mm; marks: crop }}")

        def bleed_box(document, pdf):  # WeasyPrint puts it 10 pt out; a finisher is public API
            out = bleed * printing.PT_PER_MM
            for obj in pdf.objects:
                if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page" and "TrimBox" in obj:
                    x0, y0, x1, y1 = obj["TrimBox"]
                    obj["BleedBox"] = pydyf.Array([x0 - out, y0 - out, x1 + out, y1 + out])

        document = weasyprint.HTML(string=html, base_url=html_path.resolve().as_uri(),
                                   url_fetcher=renderer.fetcher).render(
            font_config=renderer.font_config, pdf_variant=PDF_VARIANT, stylesheets=[css])
        return document.write_pdf(pdf_variant=PDF_VARIANT, finisher=bleed_box)

    old = old_printing(rev)
    ways = {
        f"old ({rev}, private boxes)": lambda: old.write_print_pdf(renderer, layout),
        "(a) second layout + write": second_layout,
        "(b) pikepdf on the screen PDF": lambda: printing.make_print_pdf(screen, bleed),
    }
    results = {}
    print(f"{lang}: one print PDF, {runs} runs; first (b) call incl. importing pikepdf: {first:.3f} s")
    for name, make in ways.items():
        data, walls, cpus = timed(make, runs)
        results[name] = data
        problems = printing.check_print_pdf(screen, data, bleed)
        digest = hashlib.sha256(data).hexdigest()[:12]
        print(f"  {name:32} best {min(walls):.3f} s, median {statistics.median(walls):.3f} s, "
              f"CPU best {min(cpus):.3f} s; {len(data):,} bytes, sha256 {digest}; "
              f"checks: {'; '.join(problems) or 'pass'}")
    reference = inside_bleed(results[list(ways)[2]], bleed)
    for name, data in results.items():
        same = all(ImageChops.difference(a, b).getbbox() is None
                   for a, b in zip(inside_bleed(data, bleed), reference))
        print(f"  {name:32} pixels inside the BleedBox identical to (b)'s: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
