"""`build-factsheet check` on PDFs that lie -> exactly the report beside each case, exit 1, in plain and strict mode.

A PDF whose /Lang is not the language its file name claims, one that is not the file
output/manifest.json lists, one that is not a PDF at all, and PDFs given active content
(JavaScript, an /OpenAction, additional actions, a launch action, an attachment, a form).
The build's own checks refuse active content too.
"""

from __future__ import annotations

import shutil

import pikepdf
import pytest

from build_factsheet import pipeline
from build_factsheet.errors import CheckError

from .test_corpus import outcome, run_in


@pytest.fixture
def built(built_mini, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built_mini[0], root)
    return root


def check(root, *args: str, strict: bool = False) -> str:
    """The exit code, then what `check` prints (its report goes to stdout, pass or fail)."""
    result = run_in(root, "check", *(["--strict"] if strict else []), *args)
    outcome(result)  # no exception, no traceback
    return f"exit: {result.exit_code}\n{result.output}"


def test_a_pdf_renamed_to_another_language_fails(built):
    shutil.copy(built / "output" / "mini-en.pdf", built / "output" / "mini-fr.pdf")
    expected = """exit: 1
PASS output/mini-en.pdf (en, 1 pages)
FAIL output/mini-fr.pdf (en, 1 pages)
  [FAIL] identity: the file name says 'fr' but its /Lang is 'en' (locale en)
  [FAIL] identity: output/manifest.json lists it as 'fr' but its /Lang is 'en' (locale en)
  [FAIL] identity: its sha256 differs from output/manifest.json's: not the published file (locale en)
1 of 2 PDF(s) passed{strict}
"""
    assert check(built) == expected.format(strict="")
    assert check(built, strict=True) == expected.format(strict=" (strict: warnings fail)")


def test_a_renamed_pdf_outside_output_is_checked_against_its_name_only(built, tmp_path):
    copy = tmp_path / "mini-fr.pdf"
    shutil.copy(built / "output" / "mini-en.pdf", copy)
    assert check(built, str(copy)) == f"""exit: 1
FAIL {copy} (en, 1 pages)
  [FAIL] identity: the file name says 'fr' but its /Lang is 'en' (locale en)
0 of 1 PDF(s) passed
"""


def test_a_published_pdf_changed_since_the_manifest_fails(built):
    pdf = built / "output" / "mini-en.pdf"
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        doc.docinfo["/Producer"] = "someone else"
        doc.save(pdf)
    assert check(built, "output/mini-en.pdf") == """exit: 1
FAIL output/mini-en.pdf (en, 1 pages)
  [FAIL] identity: its sha256 differs from output/manifest.json's: not the published file (locale en)
0 of 1 PDF(s) passed
"""


def test_a_pdf_in_output_that_the_manifest_does_not_list_fails(built):
    shutil.copy(built / "output" / "mini-en.pdf", built / "output" / "extra.pdf")
    assert check(built, "output/extra.pdf") == """exit: 1
FAIL output/extra.pdf (en, 1 pages)
  [FAIL] identity: not listed in output/manifest.json: not a published file (locale en)
0 of 1 PDF(s) passed
"""


def test_a_readme_renamed_pdf_is_not_a_pdf_and_a_truncated_pdf_is_damaged(built):
    (built / "README.pdf").write_text("# ICAT factsheet\n\nHow to build it.\n")
    (built / "half.pdf").write_bytes((built / "output" / "mini-en.pdf").read_bytes()[:2000])
    assert check(built, "README.pdf", "half.pdf") == """exit: 1
FAIL README.pdf (?, 0 pages)
  [FAIL] read: not a PDF: it does not start with %PDF-
FAIL half.pdf (?, 0 pages)
  [FAIL] read: cannot read the PDF (damaged or truncated): unable to find trailer dictionary while recovering damaged file
0 of 2 PDF(s) passed
"""


def _javascript(doc):
    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('hello')"))


def _open_action(doc):
    doc.Root.OpenAction = doc.make_indirect(_javascript(doc))


def _name_tree(doc):
    doc.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(
        Names=pikepdf.Array([pikepdf.String("x"), doc.make_indirect(_javascript(doc))])))


def _page_aa(doc):
    doc.pages[0].obj.AA = pikepdf.Dictionary(O=_javascript(doc))


def _launch(doc):
    action = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                               Rect=pikepdf.Array([0, 0, 10, 10]), A=action)
    doc.pages[0].obj.Annots.append(doc.make_indirect(annot))  # beside the page's web links


def _attachment(doc):
    doc.attachments["notes.txt"] = pikepdf.AttachedFileSpec(doc, b"hidden", mime_type="text/plain")


def _form(doc):
    field = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget,
                                                 FT=pikepdf.Name.Tx, T=pikepdf.String("name"),
                                                 Rect=pikepdf.Array([0, 0, 10, 10])))
    doc.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([field]))


ACTIVE = {
    "open-action-javascript": (_open_action, ["JavaScript (/JS)", "an action run when the PDF opens (/OpenAction)"]),
    "javascript-name-tree": (_name_tree, ["JavaScript (/JS)", "a JavaScript name tree (/Names /JavaScript)"]),
    "page-additional-actions": (_page_aa, ["JavaScript (/JS)", "additional actions (/AA)"]),
    "launch-action": (_launch, ["a launch action (/Launch)"]),
    "attachment": (_attachment, ["an embedded file (/EmbeddedFile)"]),
    "form": (_form, ["a form (/AcroForm or form fields)"]),
}


@pytest.mark.parametrize("case", ACTIVE)
@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_active_content_fails_check(built, tmp_path, case, strict):
    change, kinds = ACTIVE[case]
    bad = tmp_path / "mini-en.pdf"
    with pikepdf.open(built / "output" / "mini-en.pdf") as doc:
        change(doc)
        doc.save(bad)
    lines = "".join(f"  [FAIL] active-content: the PDF holds {kind} (locale en)\n" for kind in kinds)
    assert check(built, str(bad), strict=strict) == (
        f"exit: 1\nFAIL {bad} (en, 1 pages)\n{lines}0 of 1 PDF(s) passed"
        + (" (strict: warnings fail)" if strict else "") + "\n")


def test_the_build_refuses_a_pdf_with_active_content(mini_project, monkeypatch):
    import io

    from build_factsheet.render import pdf as render_pdf

    real_write = render_pdf.Renderer.write

    def write(self, layout):
        with pikepdf.open(io.BytesIO(real_write(self, layout))) as doc:
            _open_action(doc)
            out = io.BytesIO()
            doc.save(out)
        return out.getvalue()

    monkeypatch.setattr(render_pdf.Renderer, "write", write)
    with pytest.raises(CheckError) as caught:
        pipeline.build(pipeline.BuildOptions(root=mini_project, langs=["en"], jobs=1))
    assert caught.value.render() == """'en': 2 check(s) failed on build/en/mini-en.pdf, not published:
  build/en/mini-en.pdf: [FAIL] active-content: the PDF holds JavaScript (/JS) (locale en)
  build/en/mini-en.pdf: [FAIL] active-content: the PDF holds an action run when the PDF opens (/OpenAction) (locale en)"""
    assert not (mini_project / "output").exists()
