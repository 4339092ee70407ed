"""In a real browser (Debian's headless Chromium, driven by Playwright): output/index.html and the live preview."""

from __future__ import annotations

import io
import json
import os
import shutil
import threading
import time
import urllib.request

import pytest
from PIL import Image, ImageChops, ImageStat

from ..conftest import wait_until

CHROMIUM = os.environ.get("BUILD_FACTSHEET_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# .ci/run installs chromium and sets this: there a missing browser fails the tests, never skips them.
REQUIRED = os.environ.get("BUILD_FACTSHEET_REQUIRE_BROWSER") == "1"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LANGS = ["en", "fr", "es", "ru", "ar", "zh"]
OWN_NAMES = ["English", "Français", "Español", "Русский", "العربية", "中文"]
SHOTS = "browser-shots"  # under the test's tmp dir; kept by pytest for the last runs


@pytest.fixture(scope="module")
def browser():
    reason = None
    if not os.path.exists(CHROMIUM):
        reason = "chromium is not installed (apt-get install chromium; .ci/run does)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = "playwright is not installed (pip install -r requirements.txt)"
    if reason:
        if REQUIRED:
            pytest.fail(f"BUILD_FACTSHEET_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    # The build isolates fontconfig in this process (fonts.isolate_fontconfig): the browser, a
    # reader's program, gets the system's configuration back.
    env = {key: value for key, value in os.environ.items() if key != "FONTCONFIG_FILE"}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True, env=env)
        yield chromium
        chromium.close()


def _picture(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_index_shows_six_languages_in_their_own_names_with_arabic_right_to_left(browser, built_real, tmp_path):
    root, _ = built_real
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((root / "output" / "index.html").as_uri())
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready")
    shot = page.screenshot(full_page=True)
    (tmp_path / SHOTS).mkdir()
    (tmp_path / SHOTS / "index.png").write_bytes(shot)

    entries = page.locator("section[data-publication='icat-factsheet'] li.language")
    assert entries.count() == 6
    assert entries.locator("h3").all_inner_texts() == OWN_NAMES
    assert [entries.nth(i).get_attribute("data-locale") for i in range(6)] == LANGS
    # Every thumbnail loaded (from the folder, offline) and is shown at a readable size.
    sizes = page.eval_on_selector_all("li.language img", "els => els.map(e => [e.naturalWidth, e.width])")
    assert all(natural > 0 and shown >= 200 for natural, shown in sizes), sizes
    # The Arabic entry runs right to left: its heading starts at the card's right edge.
    arabic = entries.nth(4)
    assert arabic.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert entries.nth(0).evaluate("e => getComputedStyle(e).direction") == "ltr"
    card, heading = arabic.bounding_box(), arabic.locator("h3").evaluate(
        "h => { const r = document.createRange(); r.selectNodeContents(h); const b = r.getBoundingClientRect();"
        " return {left: b.left, right: b.right}; }")
    assert card["x"] + card["width"] - heading["right"] < 30 < heading["left"] - card["x"]
    # The vendored fonts (inlined subsets) draw each script, not a fallback font.
    for family, sample in (("Noto Sans", "Русский"), ("Noto Naskh Arabic", "العربية"), ("Noto Sans CJK SC", "中文")):
        assert page.evaluate(f"document.fonts.check('16px \"{family}\"', {json.dumps(sample)})"), family

    # Offline: everything the page loaded came from the folder (or is inline).
    assert requests and all(url.startswith(("file://", "data:")) for url in requests), requests

    # The screenshot shows the page: the header's brand blue, six covers, not a blank picture.
    picture = _picture(shot)
    assert len(picture.getcolors(1 << 20) or range(100_000)) > 500
    assert picture.getpixel((5, 5)) == (0x0B, 0x4F, 0x7C)
    for i in range(6):
        box = entries.nth(i).locator("img").bounding_box()
        cover = picture.crop((int(box["x"]), int(box["y"]), int(box["x"] + box["width"]), int(box["y"] + 20)))
        assert max(ImageStat.Stat(cover).mean) < 200, f"cover {LANGS[i]} is not drawn"  # its blue band
    page.close()


# --- The preview -----------------------------------------------------------------------------

def _state(url: str) -> dict:
    with urllib.request.urlopen(url + "state") as response:
        return json.load(response)


_wait = wait_until


@pytest.fixture
def preview(real_project):
    """The preview server on a private copy of the project, French first, on a free port."""
    from build_factsheet.preview import server as serve

    state = serve.Preview(real_project, "fr", pub="factsheet")
    server = serve.make_server(state, 0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    state.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    yield real_project, url
    state.stop()
    server.shutdown()
    server.server_close()


def test_preview_refreshes_after_saving_a_locale_and_shows_errors(browser, preview, tmp_path, capsys,
                                                                               caplog):
    root, url = preview
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(url)
    frame = page.frame_locator("#html")
    frame.locator("h1").wait_for(timeout=60_000)
    assert "Groupe interinstitutions" in frame.locator("h1").inner_text()
    _wait(lambda: _state(url)["pdf"]["version"] >= 1, 120, "the first PDF")
    page.wait_for_function("document.body.dataset.pdfVersion === '1'", timeout=60_000)
    before = _picture(page.screenshot())
    (tmp_path / SHOTS).mkdir()
    (tmp_path / SHOTS / "preview-before.png").write_bytes(page.screenshot())

    # Save a locale: the HTML view shows the new words.
    locale = root / "source" / "locales" / "fr.yaml"
    text = locale.read_text()
    assert 'title: "Groupe interinstitutions' in text
    edited = text.replace('title: "Groupe interinstitutions', 'title: "Nouveau groupe interinstitutions', 1)
    pdf_version = _state(url)["pdf"]["version"]
    saved = time.perf_counter()
    locale.write_text(edited)
    page.wait_for_function(
        "() => { const d = document.getElementById('html').contentDocument;"
        " return d && d.querySelector('h1') && d.querySelector('h1').textContent.includes('Nouveau groupe'); }",
        timeout=60_000, polling=10)
    html_seconds = time.perf_counter() - saved
    after = _picture(page.screenshot())
    (tmp_path / SHOTS / "preview-after.png").write_bytes(page.screenshot())
    assert ImageChops.difference(before, after).getbbox() is not None  # the picture changed
    # ...and the PDF view follows once the PDF is laid out and checked again.
    _wait(lambda: _state(url)["pdf"]["version"] > pdf_version, 120, "the PDF after the edit")
    pdf_seconds = time.perf_counter() - saved
    page.wait_for_function(f"document.body.dataset.pdfVersion === '{pdf_version + 1}'", timeout=60_000)
    with capsys.disabled():  # how fast is `make bench`'s to judge (bench/run.py), not a test's
        print(f"\npreview save-to-refresh: HTML {html_seconds:.2f} s, PDF {pdf_seconds:.2f} s")

    # A broken locale: the problem is shown in the page (and logged); the last good view stays.
    locale.write_text(edited.replace("{member_count}", "{members}", 1))
    page.locator("#errors").filter(has_text="fr.yaml").wait_for(timeout=60_000)
    assert "members" in page.locator("#errors").inner_text()
    assert any("fr.yaml" in record.getMessage() and record.levelname == "ERROR" for record in caplog.records)
    assert "Nouveau groupe" in frame.locator("h1").inner_text()
    locale.write_text(edited)
    page.wait_for_function("document.getElementById('errors').textContent === ''", timeout=60_000)
    # A QA warning (a number the English does not have) is shown too, and the page still renders.
    locale.write_text(edited.replace("Nouveau groupe", "Nouveau groupe 2026", 1))
    page.locator("#warnings").filter(has_text="fr.yaml").wait_for(timeout=60_000)
    frame.locator("h1", has_text="Nouveau groupe 2026").wait_for(timeout=60_000)

    # Switching language.
    page.locator("#langs a", has_text="ar").click()
    page.wait_for_function(
        "() => { const d = document.getElementById('html').contentDocument;"
        " return d && d.documentElement && d.documentElement.lang === 'ar' && d.documentElement.dir === 'rtl'; }", timeout=60_000)
    page.close()


def test_without_chromium_the_browser_tests_skip_locally_and_fail_in_ci(tmp_path):
    """What .ci/run relies on: BUILD_FACTSHEET_REQUIRE_BROWSER=1 turns the skip into a failure."""
    import subprocess
    import sys

    def run(require: str):
        env = {**os.environ, "BUILD_FACTSHEET_CHROMIUM": str(tmp_path / "no-chromium"),
               "BUILD_FACTSHEET_REQUIRE_BROWSER": require}
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", __file__,
                               "-k", "preview_refreshes"], capture_output=True, text=True, env=env, cwd=tmp_path)

    local, ci = run("0"), run("1")
    assert local.returncode == 0 and "1 skipped" in local.stdout and "chromium is not installed" in local.stdout
    assert ci.returncode == 1 and "1 error" in ci.stdout and "BUILD_FACTSHEET_REQUIRE_BROWSER=1" in ci.stdout
