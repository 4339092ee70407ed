"""The distribution kit: print PDFs, thumbnails, contact sheet and index.html in output/ after a build."""

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from lxml import html as lxml_html
from PIL import Image, ImageChops, ImageStat

from build_factsheet.publish import kit
from build_factsheet import pipeline
from build_factsheet.render import printing
from build_factsheet.readback import read_pdf

from ..conftest import PROJECTS, copy_project

LANGS = ["en", "fr", "es", "ru", "ar", "zh"]
OWN_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский", "ar": "العربية", "zh": "中文"}
A4 = (595.28, 841.89)
BLEED_PT = 3 * 72 / 25.4
PRIMARY = (0x0B, 0x4F, 0x7C)  # --brand-primary


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _near(colour, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


def test_output_holds_the_whole_kit_and_the_manifest_describes_it(built_real):
    root, _ = built_real
    out = root / "output"
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(manifest["publications"]["icat-factsheet"]["pdfs"]) == sorted(LANGS)
    for lang in LANGS:
        entry = manifest["publications"]["icat-factsheet"]["pdfs"][lang]
        assert (out / entry["file"]).is_file()
        assert entry["print"]["file"] == f"print/icat-factsheet-{lang}-print.pdf"
        assert entry["thumbnail"]["file"] == f"thumbnails/icat-factsheet-{lang}.png"
        for kind in ("print", "thumbnail"):
            path = out / entry[kind]["file"]
            assert _sha(path) == entry[kind]["sha256"] and path.stat().st_size == entry[kind]["bytes"]
    assert (out / "index.html").is_file() and (out / "contact-sheet.png").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_print_pdf_has_trim_a4_inside_a_larger_media_box_and_a_3mm_bleed_box(built_real, lang):
    root, _ = built_real
    reader = pypdf.PdfReader(root / "output" / "print" / f"icat-factsheet-{lang}-print.pdf")
    for page in reader.pages:
        trim, media, bleed = ([float(v) for v in box] for box in (page.trimbox, page.mediabox, page.bleedbox))
        assert trim[2] - trim[0] == pytest.approx(A4[0], abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(A4[1], abs=0.01)
        assert media[0] < trim[0] and media[1] < trim[1] and media[2] > trim[2] and media[3] > trim[3]
        assert bleed == pytest.approx([trim[0] - BLEED_PT, trim[1] - BLEED_PT,
                                       trim[2] + BLEED_PT, trim[3] + BLEED_PT], abs=0.01)
        assert bleed[0] > media[0] and bleed[3] < media[3]  # room for the crop marks outside the bleed


@pytest.mark.parametrize("lang", LANGS)
def test_print_pdf_has_the_same_pages_and_text_as_the_screen_pdf(built_real, lang):
    root, _ = built_real
    screen = read_pdf((root / "output" / f"icat-factsheet-{lang}.pdf").read_bytes())
    printed = read_pdf((root / "output" / "print" / f"icat-factsheet-{lang}-print.pdf").read_bytes())
    assert printed.pages_pypdf == screen.pages_pypdf
    assert printed.pages_pdfium == screen.pages_pdfium
    assert printed.lang == screen.lang and printed.title == screen.title and printed.tagged


def _render_first_page(path, scale=2.0):
    document = pypdfium2.PdfDocument(path)
    try:
        page = document[0]
        return page.render(scale=scale).to_pil().convert("RGB"), page.get_mediabox(), page.get_trimbox()
    finally:
        document.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_cover_band_reaches_into_the_bleed_and_crop_marks_sit_outside_it(built_real, lang):
    root, _ = built_real
    scale = 2.0
    image, media, trim = _render_first_page(root / "output" / "print" / f"icat-factsheet-{lang}-print.pdf", scale)
    margin = (trim[0] - media[0]) * scale          # media edge to trim edge, in pixels
    bleed = BLEED_PT * scale
    mid_bleed = margin - bleed / 2                 # halfway through the bleed
    width = image.width
    # The band touches the trim at the top, left and right: its colour fills the bleed there.
    for x, y in ((mid_bleed, mid_bleed), (width - mid_bleed, mid_bleed), (mid_bleed, margin + 40 * scale)):
        assert _near(image.getpixel((int(x), int(y))), PRIMARY), (x, y)
    # Beyond the bleed (the marks' zone) the media is white but for the crop marks, which
    # continue the trim lines: a dark pixel on the trim's x near the top edge, none inside the bleed.
    assert image.getpixel((int(margin - bleed - 3 * scale), int(margin + 200 * scale))) == (255, 255, 255)
    column = [image.getpixel((int(margin), y)) for y in range(0, int(margin - bleed - 2))]
    assert any(sum(p) < 200 for p in column), "no crop mark above the top-left corner"
    # The screen PDF's page is the trim: the same page, without bleed.
    screen, screen_media, _ = _render_first_page(root / "output" / f"icat-factsheet-{lang}.pdf", scale)
    assert screen_media == pytest.approx((0, 0, *A4), abs=0.01)
    assert _near(screen.getpixel((2, 2)), PRIMARY)


def test_thumbnails_show_each_cover(built_real):
    root, _ = built_real
    for lang in LANGS:
        with Image.open(root / "output" / "thumbnails" / f"icat-factsheet-{lang}.png") as image:
            assert image.width == kit.THUMBNAIL_WIDTH and abs(image.height - kit.THUMBNAIL_WIDTH * A4[1] / A4[0]) <= 1
            rgb = image.convert("RGB")
            assert _near(rgb.getpixel((10, 10)), PRIMARY)                    # the cover band
            assert min(rgb.getpixel((10, image.height // 2))) >= 250  # the page (white, up to the palette)


def test_contact_sheet_shows_every_first_page_side_by_side(built_real):
    root, _ = built_real
    gap, width = kit.SHEET_GAP, kit.THUMBNAIL_WIDTH
    covers = [f"{pub}-{lang}.png" for pub in ("icat-at-a-glance", "icat-factsheet") for lang in LANGS]
    with Image.open(root / "output" / kit.CONTACT_SHEET) as sheet:
        rgb = sheet.convert("RGB")
        assert sheet.width == gap + len(covers) * (width + gap)  # both publications, by id
        for i, name in enumerate(covers):
            x = gap + i * (width + gap)
            with Image.open(root / "output" / "thumbnails" / name) as cover:
                tile = rgb.crop((x, gap, x + width, gap + cover.height))
                # the same picture, up to the sheet's own 128-colour palette
                assert max(ImageStat.Stat(ImageChops.difference(tile, cover.convert("RGB"))).mean) < 2


def test_index_lists_each_language_by_its_own_name_offline(built_real):
    root, results = built_real
    out = root / "output"
    page = lxml_html.fromstring((out / "index.html").read_bytes())
    entries = page.xpath("//section[@data-publication='icat-factsheet']//li[contains(@class, 'language')]")
    assert [e.get("data-locale") for e in entries] == LANGS
    for entry in entries:
        lang = entry.get("data-locale")
        assert entry.xpath("string(.//h3)") == OWN_NAMES[lang]
        assert entry.get("dir") == ("rtl" if lang == "ar" else "ltr")
        assert entry.get("lang") == ("zh-Hans" if lang == "zh" else lang)
        image = entry.xpath(".//img")[0]
        assert image.get("alt") and (out / image.get("src")).is_file()
        links = entry.xpath(".//a[@download]/@href")
        assert links == [f"icat-factsheet-{lang}.pdf", f"print/icat-factsheet-{lang}-print.pdf"]
        assert all((out / link).is_file() for link in links)
        assert str(results[lang].pages) in entry.xpath("string(.//p[@class='facts'])")
    facts = {e.get("data-locale"): e.xpath("string(.//p[@class='facts'])") for e in entries}
    assert facts["en"].startswith("3 pages") and "kB" in facts["en"]
    assert facts["fr"].startswith("3 pages") and "ko" in facts["fr"]
    assert facts["ru"].startswith("3 страницы") and "кБ" in facts["ru"]
    assert facts["ar"].startswith("3 صفحات")
    assert facts["zh"].startswith("3页")
    # Offline: nothing is fetched from elsewhere.
    for attribute in page.xpath("//@src | //@href"):
        assert "://" not in attribute and not attribute.startswith("//"), attribute
    text = (out / "index.html").read_text()
    assert "url(http" not in text and "@import" not in text
    assert text.count("@font-face") >= 4  # subset fonts inlined: Latin and Cyrillic, Arabic, Chinese


def test_a_no_op_build_makes_no_kit_file_and_imports_nothing_heavy(built_mini):
    root, _ = built_mini
    before = {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*") if p.is_file()}
    code = ("import sys, pathlib; from build_factsheet import pipeline; "
            f"r = pipeline.build(pipeline.BuildOptions(root=pathlib.Path({str(root)!r}))); "
            "print(all(x.cached for x in r), *[m in sys.modules for m in "
            "('weasyprint', 'pypdfium2', 'PIL', 'jinja2', 'fontTools')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False", "False", "False", "False", "False"]
    assert {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*") if p.is_file()} == before


def test_editing_the_kit_page_remakes_the_page_only_and_one_locale_its_own_files(mini_project):
    pipeline.build(pipeline.BuildOptions(root=mini_project))
    out = mini_project / "output"
    shas = {p.relative_to(out).as_posix(): _sha(p) for p in out.rglob("*") if p.is_file()}
    strings = mini_project / "layouts" / "kit" / "strings.yaml"
    strings.write_text(strings.read_text().replace("Distribution kit", "Kit for communications teams"))
    results = pipeline.build(pipeline.BuildOptions(root=mini_project))
    assert all(r.cached for r in results)
    assert "Kit for communications teams" in (out / "index.html").read_text()
    changed = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
               if _sha(p) != shas.get(p.relative_to(out).as_posix())}
    assert changed == {"index.html"}
    shas = {p.relative_to(out).as_posix(): _sha(p) for p in out.rglob("*") if p.is_file()}
    fr = mini_project / "source" / "locales" / "fr.yaml"
    fr.write_text(fr.read_text().replace("Dates clés", "Dates essentielles"))
    results = {r.lang: r for r in pipeline.build(pipeline.BuildOptions(root=mini_project))}
    assert results["en"].cached and not results["fr"].cached
    changed = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
               if _sha(p) != shas.get(p.relative_to(out).as_posix())}
    assert {"mini-fr.pdf", "print/mini-fr-print.pdf", "manifest.json"} <= changed
    assert not any("-en" in name for name in changed)


def test_the_kit_template_edited_between_two_builds_in_one_process_is_used(mini_project):
    """The template's compiled form is kept for the process (kitpage._environment): an edit must still show."""
    pipeline.build(pipeline.BuildOptions(root=mini_project))
    template = mini_project / "layouts" / "kit" / "index.html.j2"
    template.write_text(template.read_text().replace("</body>", "<p>Second edition</p></body>"))
    pipeline.build(pipeline.BuildOptions(root=mini_project))
    assert "<p>Second edition</p>" in (mini_project / "output" / "index.html").read_text()


def test_the_kit_pages_are_made_from_the_staged_set_before_anything_is_published(mini_project, monkeypatch):
    pipeline.build(pipeline.BuildOptions(root=mini_project))
    out = mini_project / "output"
    before = {p.relative_to(out).as_posix(): _sha(p) for p in out.rglob("*") if p.is_file()}
    fr = mini_project / "source" / "locales" / "fr.yaml"
    fr.write_text(fr.read_text().replace("Dates clés", "Dates essentielles"))
    seen = []
    real_prepare = kit.prepare

    def prepare(root, manifest_text, locate=None, factsheet=None):
        now = {p.relative_to(out).as_posix(): _sha(p) for p in out.rglob("*") if p.is_file()}
        seen.append((now == before, json.loads(manifest_text)["publications"]["mini"]["pdfs"]["fr"]["sha256"]))
        return real_prepare(root, manifest_text, locate, factsheet)

    monkeypatch.setattr(kit, "prepare", prepare)
    results = {r.lang: r for r in pipeline.build(pipeline.BuildOptions(root=mini_project))}
    assert seen and seen[0] == (True, results["fr"].sha256), "made after publishing began"
    assert len(seen) == 1  # written as prepared, not made again after publishing
    # The pages written are those of the manifest now published: made again, nothing differs.
    published = (out / "manifest.json").read_text()
    assert json.loads(published)["publications"]["mini"]["pdfs"]["fr"]["sha256"] == results["fr"].sha256
    assert real_prepare(mini_project, published).files == {}


def test_a_print_pdf_that_fails_its_check_is_not_published(mini_project, monkeypatch):
    monkeypatch.setattr(printing, "check_print_pdf", lambda screen, printed, page: ["page 1: text differs"])
    with pytest.raises(pipeline.BuildError, match="print PDF .* fails its checks"):
        pipeline.build(pipeline.BuildOptions(root=mini_project, langs=["en"], jobs=1))
    assert not (mini_project / "output" / "print").exists()
    assert not (mini_project / "output" / "mini-en.pdf").exists()


def test_a_staged_print_pdf_that_changed_after_its_checks_is_not_published(mini_project, monkeypatch):
    original = pipeline._publish

    def tamper(root, result, key):
        staged = result.extras["print"].path
        staged.write_bytes(staged.read_bytes() + b"%tampered")
        return original(root, result, key)

    monkeypatch.setattr(pipeline, "_publish", tamper)
    with pytest.raises(pipeline.BuildError, match="changed after its checks"):
        pipeline.build(pipeline.BuildOptions(root=mini_project, langs=["en"], jobs=1))
    assert not (mini_project / "output" / "print").exists()
    assert not (mini_project / "output" / "mini-en.pdf").exists()


def test_a_deleted_print_pdf_is_made_again(built_mini, tmp_path):
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(built_mini[0], root)
    (root / "output" / "print" / "mini-fr-print.pdf").unlink()
    results = {r.lang: r for r in pipeline.build(pipeline.BuildOptions(root=root))}
    assert results["en"].cached and not results["fr"].cached
    assert (root / "output" / "print" / "mini-fr-print.pdf").is_file()


def test_two_clean_builds_give_the_same_kit_bytes(tmp_path):
    roots = [copy_project(tmp_path / name, PROJECTS / "mini") for name in ("one", "two")]
    pipeline.build(pipeline.BuildOptions(root=roots[0]))
    pipeline.build(pipeline.BuildOptions(root=roots[1], jobs=1))
    files = [{p.relative_to(root / "output").as_posix(): _sha(p) for p in (root / "output").rglob("*") if p.is_file()}
             for root in roots]
    assert files[0] == files[1]
    assert {"print/mini-en-print.pdf", "thumbnails/mini-fr.png", "index.html", "contact-sheet.png"} <= set(files[0])


def test_the_contact_sheet_is_made_again_only_when_a_cover_changes(built_mini, tmp_path):
    import shutil

    root = Path(shutil.copytree(built_mini[0], tmp_path / "mini"))
    published = (root / "output" / "manifest.json").read_text()
    assert kit.prepare(root, published).files == {}  # as published
    manifest = json.loads(published)
    fr = manifest["publications"]["mini"]["pdfs"]["fr"]
    fr["sha256"], fr["bytes"] = "0" * 64, fr["bytes"] + 1  # a new PDF whose first page looks the same
    remade = kit.prepare(root, json.dumps(manifest))
    assert set(remade.files) == {"index.html"}
    kit.record_pages(root, remade)
    fr["thumbnail"]["sha256"] = "1" * 64  # and now its cover changed
    assert set(kit.prepare(root, json.dumps(manifest)).files) == {"contact-sheet.png", "index.html"}
