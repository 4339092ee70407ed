"""The review page in a real browser (headless Chromium via Playwright): Arabic and Chinese pages side by side, outlined."""

from __future__ import annotations

import io
import shutil

from PIL import Image

from build_factsheet.pipeline import BuildOptions
from build_factsheet.review.pages import OUTLINE
from build_factsheet.review.run import review

from ..preview.test_browser import SHOTS, browser  # noqa: F401  (the fixture: launches or skips, as there)
from .conftest import edit

AR_OLD, AR_NEW = "هو المنتدى الرئيسي للسياسات", "هو المنتدى الرئيسي لتنسيق السياسات"
ZH_OLD, ZH_NEW = "负责加强联合国各机构", "负责全面加强联合国各机构"


def outline_pixels(png: bytes) -> int:
    """How many pixels of a screenshot have the outline's colour."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(count for count, (r, g, b) in image.getcolors(1 << 24)
               if abs(r - OUTLINE[0]) < 40 and g < 60 and abs(b - OUTLINE[2]) < 50)


def test_review_page_shows_arabic_and_chinese_pages_side_by_side_with_the_changes_outlined(browser, built_real,  # noqa: F811
                                                                                          tmp_path):
    root = shutil.copytree(built_real[0], tmp_path / "project", symlinks=True)
    edit(root / "source" / "locales" / "ar.yaml", AR_OLD, AR_NEW)
    edit(root / "source" / "locales" / "zh.yaml", ZH_OLD, ZH_NEW)
    result = review(BuildOptions(root=root))
    statuses = {item.lang: item.status for item in result.languages}
    assert statuses == {"en": "unchanged", "fr": "unchanged", "es": "unchanged", "ru": "unchanged",
                        "ar": "changed", "zh": "changed"}

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(result.page.as_uri())
    page.wait_for_load_state("load")
    (tmp_path / SHOTS).mkdir()
    (tmp_path / SHOTS / "review.png").write_bytes(page.screenshot(full_page=True))
    assert all(url.startswith("file://") for url in requests), requests  # offline: nothing fetched from the network

    for lang, direction in (("ar", "rtl"), ("zh", "ltr")):
        # The factsheet's section: about.p1 is the leaflet's lead too, so it changed there as well.
        article = page.locator(f'article[id="icat-factsheet/{lang}"]')
        assert page.locator(f'article[id="icat-at-a-glance/{lang}"]').get_attribute("data-status") == "changed"
        assert article.get_attribute("lang") == ("ar" if lang == "ar" else "zh-Hans")
        assert article.evaluate("e => getComputedStyle(e).direction") == direction
        pair = article.locator(".pair").first
        assert int(pair.get_attribute("data-boxes")) >= 1
        sizes = pair.locator("img").evaluate_all("els => els.map(e => [e.naturalWidth, e.width])")
        assert len(sizes) == 2 and all(natural > 500 and shown >= 300 for natural, shown in sizes), sizes
        published, new = (pair.locator(f"figure.{side}").bounding_box() for side in ("published", "new"))
        # Side by side, in the language's reading order: Arabic's published page on the right.
        assert abs(published["y"] - new["y"]) < 2
        assert (published["x"] > new["x"]) if direction == "rtl" else (published["x"] < new["x"])
        shot = pair.screenshot()
        (tmp_path / SHOTS / f"review-{lang}.png").write_bytes(shot)
        assert outline_pixels(shot) > 200  # the changed regions are outlined on both pages
        row = article.locator('table.strings tr[data-key="about.p1"]')
        added = row.locator("td.new ins").all_inner_texts()
        assert added, f"{lang}: no word marked added"
        if lang == "zh":
            assert "".join(added).strip() == "全面"  # characters, not the whole sentence
        else:
            assert "لتنسيق" in "".join(added)
        assert row.locator("td.pages").inner_text().strip() != "-"
    page.close()
