"""Two PDFs' bytes -> each page rasterised (pypdfium2), the regions that differ outlined (Pillow), PNGs written."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

SCALE = 1.0          # 72 px per inch: an A4 page is 595 x 842 px, enough to see what moved
CELL = 12            # px: differences closer than this are one region
THRESHOLD = 40       # of 255, per channel: anti-aliasing noise below this is not a change
OUTLINE = (220, 0, 60)
OUTLINE_WIDTH = 3


@dataclass
class PageChange:
    """One page of the two PDFs: whether it changed, where, and its pictures (relative to the review page)."""

    number: int                          # 1-based
    status: str                          # "changed", "added" (only in the new PDF), "removed"
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)  # left, top, right, bottom in px
    old_png: str | None = None
    new_png: str | None = None
    width: int = 0
    height: int = 0


def rasterise(pdf: bytes, scale: float = SCALE) -> list:
    """Every page of `pdf` as an RGB Pillow image."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[index].render(scale=scale).to_pil().convert("RGB") for index in range(len(document))]
    finally:
        document.close()


def changed_regions(old, new) -> list[tuple[int, int, int, int]]:
    """The boxes (left, top, right, bottom) around the regions where two page images differ.

    The difference (ImageChops) is reduced to a grid of CELL-pixel cells, each marked where a
    pixel differs by more than THRESHOLD; neighbouring marked cells (diagonals too) make one region.
    """
    from PIL import Image, ImageChops

    if old.size != new.size:
        return [(0, 0, new.width, new.height)]
    difference = ImageChops.difference(old, new).convert("L")
    if difference.getbbox() is None:
        return []
    marked = difference.point(lambda value: 255 if value > THRESHOLD else 0)
    if marked.getbbox() is None:
        return []
    columns, rows = -(-new.width // CELL), -(-new.height // CELL)
    grid = marked.resize((columns, rows), Image.Resampling.BOX, reducing_gap=None)
    cells = {(x, y) for y in range(rows) for x in range(columns) if grid.getpixel((x, y)) > 0}
    boxes = []
    while cells:
        todo = [cells.pop()]
        left, top = right, bottom = todo[0]
        while todo:
            x, y = todo.pop()
            left, top, right, bottom = min(left, x), min(top, y), max(right, x), max(bottom, y)
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    if (x + dx, y + dy) in cells:
                        cells.remove((x + dx, y + dy))
                        todo.append((x + dx, y + dy))
        cell_box = (left * CELL, top * CELL, min((right + 1) * CELL, new.width), min((bottom + 1) * CELL, new.height))
        tight = marked.crop(cell_box).getbbox()  # the differing pixels themselves, not the whole cells
        boxes.append((cell_box[0] + tight[0], cell_box[1] + tight[1], cell_box[0] + tight[2], cell_box[1] + tight[3])
                     if tight else cell_box)
    return sorted(boxes, key=lambda box: (box[1], box[0]))


def _outlined_png(image, boxes) -> bytes:
    from PIL import ImageDraw

    image = image.copy()
    draw = ImageDraw.Draw(image)
    for left, top, right, bottom in boxes:
        pad = OUTLINE_WIDTH
        draw.rectangle((max(left - pad, 0), max(top - pad, 0), min(right + pad, image.width - 1),
                        min(bottom + pad, image.height - 1)), outline=OUTLINE, width=OUTLINE_WIDTH)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def compare_pages(old_pdf: bytes, new_pdf: bytes, out_dir: Path, prefix: str, base: Path) -> list[PageChange]:
    """The pages that differ between two PDFs, their pictures written to `out_dir` as
    <prefix>-p<N>-old.png / -new.png with the changed regions outlined on both; paths relative to `base`."""
    from build_factsheet.atomic import write_atomic

    old_pages, new_pages = rasterise(old_pdf) if old_pdf else [], rasterise(new_pdf)
    changes = []
    for index in range(max(len(old_pages), len(new_pages))):
        old = old_pages[index] if index < len(old_pages) else None
        new = new_pages[index] if index < len(new_pages) else None
        if old is not None and new is not None:
            boxes = changed_regions(old, new)
            if not boxes:
                continue
            status = "changed"
        else:
            boxes, status = [], "removed" if new is None else "added"
        change = PageChange(index + 1, status, boxes)
        for side, image in (("old", old), ("new", new)):
            if image is None:
                continue
            path = out_dir / f"{prefix}-p{index + 1}-{side}.png"
            write_atomic(path, _outlined_png(image, boxes), only_if_changed=True)  # a review again leaves it be
            setattr(change, f"{side}_png", path.relative_to(base).as_posix())
            change.width, change.height = image.size
        changes.append(change)
    return changes


def page_ranges(numbers: list[int]) -> str:
    """[2, 3, 5] -> '2-3, 5'."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else f"{run[0]}" for run in runs)
