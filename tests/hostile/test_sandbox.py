"""The renderer's sandbox: whatever the HTML asks for, nothing is fetched from the network, no file outside
assets/ and layouts/ is read, and nothing is embedded as an attachment.

A local HTTP server on 127.0.0.1 counts every connection; a secret file lies outside the
project; every way HTML and CSS can point at a resource points at one or the other.
"""

from __future__ import annotations

import http.server
import io
import json
import re
import sys
import threading
import uuid
from pathlib import Path

import pypdf
import pytest

from build_factsheet.model import fonts
from build_factsheet import markup
from build_factsheet import pipeline
from build_factsheet.errors import RenderError
from build_factsheet.render.pdf import raise_for_messages

from ..conftest import brand_style


class _CountingServer(http.server.ThreadingHTTPServer):
    """Serves a tiny body for any path, and counts connections (a request or not)."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.paths: list[str] = []

    def verify_request(self, request, client_address):
        self.connections += 1
        return True


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.paths.append(self.path)
        body = b"body{color:red}"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


# Python's audit events name every file this process opens and every socket it connects, by
# whatever library; an audit hook cannot be removed, so it records only while a list is set.
_AUDIT: dict[str, list] = {}


def _audit(event, args):
    if _AUDIT and event in ("open", "socket.connect", "socket.getaddrinfo", "urllib.Request"):
        _AUDIT["events"].append((event, str(args[0]) if event == "open" else repr(args)))


sys.addaudithook(_audit)


@pytest.fixture
def server():
    server = _CountingServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the project whose bytes would show if it were read into the PDF."""
    folder = tmp_path / "outside"
    folder.mkdir()
    path = folder / "secret.txt"
    path.write_text(f"SECRET-{uuid.uuid4().hex}")
    return path


def test_the_server_counts_what_it_is_sent(server):
    import urllib.request

    urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/probe").read()
    assert server.connections == 1 and server.paths == ["/probe"]


def hostile_page(base: str, secret: Path) -> str:
    """Every channel of HTML and CSS that loads a resource, aimed at the server or the secret."""
    file = secret.as_uri()
    return f"""<!DOCTYPE html><html lang="en"><head><title>t</title>
{brand_style()}
<link rel="stylesheet" href="{base}/link.css">
<link rel="stylesheet" href="{file}">
<link rel="attachment" href="{file}" title="attached secret">
<link rel="attachment" href="{base}/attachment.txt">
<link rel="icon" href="{base}/favicon.ico">
<style>
@import url({base}/import.css);
@import url("{file}");
@font-face {{ font-family: Remote; src: url({base}/font.ttf); }}
@font-face {{ font-family: Secret; src: url({file}); }}
body {{ font-family: Remote, Secret, 'Noto Sans'; background: url({base}/background.png); }}
li {{ list-style-image: url({base}/bullet.png); }}
h1::before {{ content: url({base}/before.png); }}
div.border {{ border-image: url({base}/border.png) 30 round; border: 10px solid; }}
</style></head>
<body>
<h1>Title</h1>
<p style="background-image: url({base}/inline-style.png)">Text</p>
<img alt="a" src="{base}/image.png">
<img alt="b" src="{file}">
<img alt="c" src="../../../outside/secret.txt">
<img alt="d" src="../../assets/images/escape.svg">
<img alt="e" srcset="{base}/srcset.png 2x" src="{base}/src.png">
<a rel="attachment" href="{file}">attached secret</a>
<a rel="attachment" href="{base}/anchor-attachment.txt">attached remote</a>
<object data="{base}/object.svg" type="image/svg+xml">object</object>
<embed src="{base}/embed.svg" type="image/svg+xml">
<iframe src="{base}/iframe.html"></iframe>
<video poster="{base}/poster.png" src="{base}/video.mp4"></video>
<svg width="10" height="10"><title>s</title><image href="{base}/svg-image.png" width="10" height="10"/>
  <image href="{file}" width="10" height="10"/></svg>
<ul><li>item</li></ul>
<div class="border">border</div>
</body></html>"""


def test_hostile_html_fetches_reads_and_embeds_nothing(mini_project, server, secret):
    fonts.isolate_fontconfig(mini_project / "build")
    from build_factsheet.render.pdf import Renderer

    # A symbolic link inside assets/ pointing out of the project is refused too.
    (mini_project / "assets" / "images" / "escape.svg").symlink_to(secret)
    renderer = Renderer(mini_project)
    asked: list[tuple[str, str]] = []
    fetch = renderer.fetcher.fetch

    def audited(url, headers=None):  # records what the sandbox was asked for, and what it did
        try:
            response = fetch(url, headers)
        except Exception as exc:
            asked.append((url, f"refused: {exc}"))
            raise
        asked.append((url, "loaded"))
        return response

    renderer.fetcher.fetch = audited
    base = f"http://127.0.0.1:{server.server_port}"
    _AUDIT["events"] = []
    try:
        layout = renderer.layout(hostile_page(base, secret), mini_project / "build" / "en" / "mini.html")
        pdf = renderer.write(layout)
    finally:
        events = _AUDIT.pop("events")

    assert server.connections == 0 and server.paths == []
    assert [e for e in events if e[0] != "open"] == []  # not a socket, not a name lookup
    opened = {Path(path).resolve() for event, path in events if event == "open" and path.startswith("/")}
    assert secret.resolve() not in opened
    assert any(p.is_relative_to((mini_project / "assets").resolve()) for p in opened)  # the audit sees reads
    outside = [p for p in opened if p.is_relative_to(secret.parent.parent)
               and not any(p.is_relative_to((mini_project / d).resolve()) for d in ("assets", "layouts"))]
    assert outside == [], outside  # in the test's folder, only assets/ and layouts/ were opened
    loaded = [url for url, outcome in asked if outcome == "loaded"]
    allowed = [(mini_project / d).resolve().as_uri() for d in ("assets", "layouts")]
    assert loaded and all(url.startswith(tuple(allowed)) for url in loaded), loaded
    refused = {url for url, outcome in asked if outcome.startswith("refused")}
    assert secret.as_uri() in refused and any(url.startswith(base) for url in refused)
    assert any("escape.svg" in url for url in refused)
    assert secret.read_text().encode() not in pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    annotations = [a.get_object().get("/Subtype") for page in reader.pages for a in page.get("/Annots", [])]
    assert "/FileAttachment" not in annotations
    assert secret.read_text() not in "".join(page.extract_text() for page in reader.pages)
    with pytest.raises(RenderError):  # and the build fails, naming what was blocked
        raise_for_messages(layout, "build/en/mini.html", "en")


def test_hostile_locale_and_source_text_reach_the_pdf_as_text_only(mini_project, server, secret, monkeypatch):
    """Past the loader's refusals (switched off here), markup and contacts still load nothing."""
    monkeypatch.setattr(markup, "refused", lambda text: [])
    base = f"http://127.0.0.1:{server.server_port}"
    en = mini_project / "source" / "locales" / "en.yaml"  # the source locale: no QA check compares it
    hostile = (f'<img src="{base}/img.png"> <link rel="attachment" href="{secret.as_uri()}"> '
               f'<style>@import url({base}/x.css);</style> [link]({secret.as_uri()}) ![i]({base}/i.png) '
               f'<a href="{base}/a">a</a> &#x3C;img src="{base}/entity.png"&#x3E;')
    en.write_text(re.sub(r"^  credits: .*$", lambda m: f"  credits: {json.dumps(hostile)}", en.read_text(), flags=re.M))
    source = mini_project / "source" / "factsheet.yaml"
    source.write_text(source.read_text().replace("website: https://example.org/", f"website: https://127.0.0.1:{server.server_port}/"))
    pipeline.build(pipeline.BuildOptions(root=mini_project, langs=["en"], jobs=1))
    assert server.connections == 0
    pdf = mini_project / "output" / "mini-en.pdf"  # checked and published: the hostile text is only text
    assert secret.read_text().encode() not in pdf.read_bytes()
    assert "/EmbeddedFiles" not in pypdf.PdfReader(pdf).trailer["/Root"].get("/Names", {})
    html = (mini_project / "build" / "en" / "mini.html").read_text()
    assert "&lt;img src=" in html and "<img src=\"http" not in html and 'rel="attachment"' not in html
