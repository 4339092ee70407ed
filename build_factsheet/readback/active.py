"""An open pikepdf document -> what in it could act on the reader's computer: scripts, actions, attachments, forms."""

from __future__ import annotations

import pikepdf

# A factsheet is text, pictures and web links. Anything here makes a viewer do something the
# reader did not ask for (run a script, open a program, fill or send a form) or carries a
# file the checks never read: none of it belongs in a factsheet, wherever in the file it hides.
JAVASCRIPT = "JavaScript (/JS)"
JAVASCRIPT_TREE = "a JavaScript name tree (/Names /JavaScript)"
OPEN_ACTION = "an action run when the PDF opens (/OpenAction)"
ADDITIONAL_ACTIONS = "additional actions (/AA)"
LAUNCH = "a launch action (/Launch)"
EMBEDDED_FILE = "an embedded file (/EmbeddedFile)"
FORM = "a form (/AcroForm or form fields)"
OTHER_ACTIONS = {"/SubmitForm": "a form submission action (/SubmitForm)",
                 "/ImportData": "a data import action (/ImportData)",
                 "/GoToR": "a link into another file (/GoToR)", "/GoToE": "a link into an embedded file (/GoToE)",
                 "/Rendition": "a media action (/Rendition)", "/RichMediaExecute": "a media action (/RichMediaExecute)"}
MAX_DEPTH = 50  # direct objects nest this deep at most in a sane file; deeper is not followed


def active_content(doc) -> list[str]:
    """Every kind of active content in `doc`, each named once, in a fixed order."""
    found: set[str] = set()
    root = doc.Root
    if "/OpenAction" in root:
        found.add(OPEN_ACTION)
    if "/AcroForm" in root:
        found.add(FORM)
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        if "/JavaScript" in names:
            found.add(JAVASCRIPT_TREE)
        if "/EmbeddedFiles" in names:
            found.add(EMBEDDED_FILE)
    # Every object of the file, not only those reachable from the pages: an action can hide in
    # an outline item, an annotation, a name tree or an object nothing points to yet.
    for obj in doc.objects:
        _visit(obj, found, pikepdf, 0)
    order = [JAVASCRIPT, JAVASCRIPT_TREE, OPEN_ACTION, ADDITIONAL_ACTIONS, LAUNCH, EMBEDDED_FILE, FORM,
             *OTHER_ACTIONS.values()]
    return [kind for kind in order if kind in found]


def _visit(obj, found: set[str], pikepdf, depth: int) -> None:
    """Look at one object and the direct objects inside it (indirect ones are visited on their own)."""
    if depth > MAX_DEPTH:
        return
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        keys = set(obj.keys())
        if "/JS" in keys:
            found.add(JAVASCRIPT)
        if "/AA" in keys:
            found.add(ADDITIONAL_ACTIONS)
        kind = _name(obj.get("/S"))
        if kind == "/JavaScript":
            found.add(JAVASCRIPT)
        elif kind == "/Launch":
            found.add(LAUNCH)
        elif kind in OTHER_ACTIONS:
            found.add(OTHER_ACTIONS[kind])
        if _name(obj.get("/Type")) == "/EmbeddedFile" or _name(obj.get("/Subtype")) == "/FileAttachment":
            found.add(EMBEDDED_FILE)
        if _name(obj.get("/Subtype")) == "/Widget" or "/FT" in keys:
            found.add(FORM)
        children = (obj.get(key) for key in keys)
    elif isinstance(obj, pikepdf.Array):
        children = iter(obj)
    else:
        return
    for child in children:
        if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect:
            _visit(child, found, pikepdf, depth + 1)


def _name(value) -> str | None:
    try:
        return str(value) if value is not None else None
    except (TypeError, ValueError):
        return None
