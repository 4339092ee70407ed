"""PDF files + the current source and output/manifest.json -> a PdfReport per file, for `build-factsheet check`."""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from build_factsheet.model import fonts
from build_factsheet.model.source import load_publications
from build_factsheet.project import load_project
from build_factsheet.publish.files import OUTPUT_DIR
from build_factsheet.publish.manifest import published_pdfs
from build_factsheet.stages import prepare_checks

if TYPE_CHECKING:
    from build_factsheet.checks import CheckResult

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024  # readers accept the header anywhere in the first 1024 bytes


@dataclass
class PdfReport:
    """The checks of one PDF file, as `build-factsheet check` reports them."""

    path: Path
    lang: str | None
    pages: int
    results: list[CheckResult]
    seconds: float

    def passed(self, strict: bool) -> bool:
        from build_factsheet.checks.runner import failures

        return bool(self.results) and not failures(self.results, strict)


def check_files(root: Path, paths: list[Path], lang: str | None = None) -> list[PdfReport]:
    """Check factsheet PDFs against the current source: the same checks the build runs, and more.

    Each file's language comes from its /Lang (or `lang`), and must be the one its file name
    (<id>-<lang>.pdf) claims; a file in output/ must be the one output/manifest.json lists,
    byte for byte. A file that cannot be read, or whose language is not configured, gets a
    failing report rather than an exception.
    """
    from build_factsheet.checks import CheckResult, expectation_for, run_checks
    from build_factsheet.readback import read_pdf

    prepare_checks()  # here, not inside the first file's timing
    publications = load_publications(root, check=False)
    factsheet = publications[0]  # the project's languages are every publication's
    by_html_lang = {settings.html_lang.lower(): code for code, settings in factsheet.locales.items()}
    manifest = _published_manifest(root)
    read: list[tuple[Path, object, str | None, list, float, object]] = []
    for path in paths:
        started = time.perf_counter()
        pub, claimed = _claimed_publication(path.name, publications)
        try:
            data = path.read_bytes()
        except OSError as exc:
            read.append((path, None, claimed, [("read", f"cannot read the file: {exc.strerror or exc}")], 0.0, pub))
            continue
        if PDF_MAGIC not in data[:MAGIC_WINDOW]:
            read.append((path, None, claimed, [("read", f"not a PDF: it does not start with {PDF_MAGIC.decode()}")],
                         0.0, pub))
            continue
        try:
            readback = read_pdf(data)
        except Exception as exc:  # a damaged PDF is a finding, not a crash
            # pikepdf names the in-memory stream it read, address and all: the file is named already.
            reason = re.sub(r"^stream <_io\.BytesIO object at 0x[0-9a-f]+>:\s*", "", str(exc)) or type(exc).__name__
            read.append((path, None, claimed, [("read", f"cannot read the PDF (damaged or truncated): {reason}")],
                         0.0, pub))
            continue
        found = by_html_lang.get((readback.lang or "").lower())
        code = lang or found
        problems = _identity(path, data, claimed, found, readback.lang, root, manifest)
        if not code:
            problems.append(("read", f"its /Lang {readback.lang!r} is not a configured language; give one with --lang"))
        read.append((path, readback, code, problems, time.perf_counter() - started, pub))
    projects = {}  # per publication: what its files are checked against
    for pub in {entry[5].document_id: entry[5] for entry in read}.values():
        langs = sorted({entry[2] for entry in read if entry[5] is pub and entry[2] and entry[1] is not None})
        projects[pub.document_id] = load_project(root, langs, factsheet=pub) if langs else None
    allowed = fonts.pdf_font_names(root)
    reports = []
    for path, readback, code, problems, reading, pub in read:
        project = projects[pub.document_id]
        started = time.perf_counter() - reading
        results = [CheckResult(check, "fail", message, code or "") for check, message in problems]
        if readback is not None and code:
            doc = project.documents[code]
            results += run_checks(readback, expect=expectation_for(
                doc, project.documents.get(pub.source_locale), allowed))
        pages = readback.page_count if readback is not None else 0
        reports.append(PdfReport(path, code, pages, results, time.perf_counter() - started))
    return reports


def _claimed_publication(name: str, publications: list) -> tuple:
    """The publication and language a file name claims; a name no publication's id starts is checked
    as the first publication's, claiming no language."""
    for factsheet in sorted(publications, key=lambda p: -len(p.document_id)):  # mini-glance- before mini-
        claimed = _claimed_language(name, factsheet.document_id, factsheet.locales)
        if claimed is not None:
            return factsheet, claimed
    return publications[0], None


def _claimed_language(name: str, document_id: str, locales) -> str | None:
    """The language a file name claims: <id>-<lang>.pdf or <id>-<lang>-draft.pdf (None for other names)."""
    stem = name.removesuffix(".pdf").removesuffix("-draft")
    prefix = f"{document_id}-"
    code = stem[len(prefix):] if stem.startswith(prefix) else None
    return code if code in locales else None


def _published_manifest(root: Path) -> dict | None:
    """output/manifest.json's entries by file name; None when it is missing; {"": error} when unreadable."""
    path = root / OUTPUT_DIR / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {entry["file"]: entry for _, _, entry in published_pdfs(data)}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return {"": f"{OUTPUT_DIR}/manifest.json cannot be read ({type(exc).__name__}: {exc})"}


def _identity(path: Path, data: bytes, claimed: str | None, found: str | None, pdf_lang: str | None,
              root: Path, manifest: dict | None) -> list[tuple[str, str]]:
    """Findings on whether a file is what its name, and output/manifest.json for a file in output/, say it is."""
    problems = []
    if claimed and found != claimed:
        problems.append(("identity", f"the file name says '{claimed}' but its /Lang is {pdf_lang!r}"
                         + (f" ('{found}')" if found and found != pdf_lang else "")))
    try:
        in_output = path.resolve().parent == (root / OUTPUT_DIR).resolve()
    except OSError:
        in_output = False
    if not in_output:
        return problems
    if manifest is None:
        return problems + [("identity", f"{OUTPUT_DIR}/manifest.json is missing: nothing says this file was published")]
    if "" in manifest:
        return problems + [("identity", manifest[""])]
    entry = manifest.get(path.name)
    if entry is None:
        return problems + [("identity", f"not listed in {OUTPUT_DIR}/manifest.json: not a published file")]
    if entry.get("locale") != found:
        problems.append(("identity", f"{OUTPUT_DIR}/manifest.json lists it as '{entry.get('locale')}' but its "
                         f"/Lang is {pdf_lang!r}"))
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        problems.append(("identity", f"its sha256 differs from {OUTPUT_DIR}/manifest.json's: not the published file"))
    return problems
