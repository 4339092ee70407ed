"""Page pictures compared: the regions that differ found and outlined (pages.py)."""

from __future__ import annotations

from PIL import Image, ImageDraw

from build_factsheet.review.pages import CELL, changed_regions, page_ranges


def page(*marks):
    image = Image.new("RGB", (300, 400), "white")
    draw = ImageDraw.Draw(image)
    for box in marks:
        draw.rectangle(box, fill="black")
    return image


def test_identical_pages_have_no_changed_region():
    assert changed_regions(page((10, 10, 50, 20)), page((10, 10, 50, 20))) == []


def test_two_separate_changes_make_two_boxes_around_them():
    boxes = changed_regions(page(), page((20, 30, 60, 40), (200, 300, 250, 320)))
    assert len(boxes) == 2
    (l1, t1, r1, b1), (l2, t2, r2, b2) = boxes
    assert l1 <= 20 and t1 <= 30 and r1 >= 60 and b1 >= 40 and r1 - l1 <= 40 + 2 * CELL
    assert l2 <= 200 and t2 <= 300 and r2 >= 250 and b2 >= 320


def test_faint_anti_aliasing_noise_is_not_a_change():
    faint = page()
    faint.putpixel((100, 100), (235, 235, 235))
    assert changed_regions(page(), faint) == []


def test_page_ranges():
    assert page_ranges([3, 2, 5]) == "2-3, 5"
    assert page_ranges([1]) == "1"
