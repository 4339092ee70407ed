"""The typography check: each rule broken on a small page made for it, and a page that keeps them all."""

from build_factsheet.checks.typography import check_typography

from .conftest import expectation

NARROW = "p { width: 42mm; text-align: left; margin: 0 0 4mm; }"


def _failures(readback, **changes):
    return [r for r in check_typography(readback, expectation(**changes)) if r.status != "pass"]


def test_a_page_set_by_the_rules_passes(render):
    body = "<h2>A heading</h2><p>Plain text in a column, set without a split name or a dash at a line start.</p>"
    results = check_typography(render(body, css=NARROW, filler=False),
                               expectation(headings=["A heading"], unbreakable={"INTERPOL"}))
    assert [r.status for r in results] == ["pass"]


def test_a_hyphenated_acronym_fails(render):
    # A soft hyphen offers the break the layout must never take inside an acronym.
    readback = render("<p>The network of INTER&shy;POL officers and others</p>", css=NARROW, filler=False)
    failures = _failures(readback, unbreakable={"INTERPOL"})
    assert [f.message for f in failures] == ["“INTER- / POL”: a name, acronym or value split across two lines"]


def test_a_hyphenated_acronym_fails_even_unmarked(render):
    readback = render("<p>The network of INTER&shy;POL officers and others</p>", css=NARROW, filler=False)
    assert [f.message for f in _failures(readback)] == ["“INTER-”: an acronym hyphenated"]


def test_a_name_split_at_its_space_fails(render):
    readback = render("<p>Words to fill the line up UN Women and more</p>",
                      css="p { width: 50mm; text-align: left; }", filler=False)
    lines = [line.text for line in readback.lines]
    assert any(text.endswith("UN") for text in lines), lines  # the page is made to split it
    assert [f.message for f in _failures(readback, unbreakable={"UN Women"})] == [
        "“UN / Women”: a name, acronym or value split across two lines"]


def test_a_line_starting_with_a_dash_fails(render):
    readback = render("<h1 style='width: 50mm'>Coordination Group against Trafficking —ICAT</h1>",
                      css="h1 { font-size: 14pt; }", filler=False)
    failures = _failures(readback)
    assert [f.message for f in failures] == ["a line starts with a dash: the dash belongs at the end of the line before"]
    assert failures[0].text.startswith("—ICAT")


def test_a_heading_left_at_a_columns_foot_fails(render):
    body = ("<div style='height: 232mm'></div><h2 style='margin: 0; font-size: 11pt; break-after: auto'>Stranded heading</h2>"
            "<p style='break-inside: avoid'>" + "A paragraph that cannot start under it. " * 12 + "</p>")
    failures = _failures(render(body, filler=False), headings=["Stranded heading"])
    assert [f.message for f in failures] == [
        "a heading is the last line of a column: its text starts in the next one"]
    assert failures[0].page == 1


def test_three_hyphenated_lines_in_a_row_fail(render):
    word = "&shy;".join(["abcde", "fghij", "klmno", "pqrst", "uvwxy"])
    readback = render(f"<p style='width: 14mm; hyphens: manual'>{word}</p>", filler=False)
    failures = _failures(readback)
    assert [f.message for f in failures] == ["4 hyphenated lines in a row (at most 2)"]


def test_two_hyphenated_lines_in_a_row_pass(render):
    word = "&shy;".join(["abcde", "fghij", "klmno"])
    readback = render(f"<p style='width: 14mm; hyphens: manual'>{word}</p>", filler=False)
    assert _failures(readback) == []


TITLE = "打击贩运人口问题机构间协调小组——ICAT"
HAN_TITLE = "h1 { font-family: var(--font-han); font-size: 20pt; width: 100mm; } .nowrap, .word { white-space: nowrap; }"


def _han_title(readback):
    return _failures(readback, lang="zh", html_lang="zh-Hans", script="han", headings=[TITLE],
                     heading_words={"打击贩运人口问题", "机构间协调小组"})


def test_a_chinese_title_broken_inside_a_word_fails(render):
    # As the cover was set: only the dash bound to the character before it, so 协调小组 splits.
    readback = render(f"<h1>打击贩运人口问题机构间协调小<span class='nowrap'>组——ICAT</span></h1>",
                      lang="zh-Hans", css=HAN_TITLE)
    failures = _han_title(readback)
    assert [f.message for f in failures] == ["“机构间协调小 / 组”: a heading breaks inside a word, not between words"]


def test_a_chinese_title_broken_between_words_passes(render):
    readback = render("<h1><span class='word'>打击贩运人口问题</span><span class='nowrap'><span class='word'>"
                      "机构间协调小组</span>——ICAT</span></h1>", lang="zh-Hans", css=HAN_TITLE)
    assert [line.text for line in readback.lines][:2] == ["打击贩运人口问题", "机构间协调小组——ICAT"]
    assert _han_title(readback) == []


COLUMNS = ("div { columns: 2; column-gap: 5mm; width: 90mm; height: 56pt; column-fill: auto; hyphens: auto; "
           "font-size: 10pt; line-height: 14pt; text-align: justify; orphans: 1; widows: 1 }")
WORDS = "Governments examined the responsibilities of international organisations, " * 3


def test_a_word_hyphenated_across_a_column_break_fails(render):
    failures = _failures(render(f"<div>{WORDS}</div>", css=COLUMNS, filler=False))
    broken = [f for f in failures if f.message == "a word hyphenated across a column or page break"]
    assert "ex‐" in [f.text[-3:] for f in broken]


def test_words_kept_whole_at_column_breaks_pass(render):
    failures = _failures(render(f"<div style='hyphens: manual'>{WORDS}</div>", css=COLUMNS, filler=False))
    assert "a word hyphenated across a column or page break" not in [f.message for f in failures]


FIVE_LINES = ("div { columns: 2; column-gap: 5mm; width: 120mm; height: 70pt; column-fill: auto; font-size: 10pt; "
              "line-height: 14pt; orphans: 1; widows: 1; hyphens: manual } h2 { font-size: 10pt; margin: 0 } "
              "p, ul { margin: 0 } ")
FOUR = "Four words in a line. " * 1
LONG = ("Text that runs on for several lines in this narrow column, then goes on in the next one, where it "
        "ends after a few more words than the first column held.")


def test_a_heading_with_two_lines_under_it_at_a_columns_foot_fails(render):
    body = f"<div><p>{FOUR}</p><p>{FOUR}</p><h2>A heading</h2><p>{LONG}</p></div>"
    readback = render(body, css=FIVE_LINES, filler=False)
    failures = _failures(readback, headings=["A heading"], strings={"p": LONG.strip()})
    assert [f.message for f in failures] == ["a heading with 2 line(s) under it at a column's foot (at least 3)"]


def test_a_heading_with_three_lines_under_it_passes(render):
    body = f"<div><p>{FOUR}</p><h2>A heading</h2><p>{LONG}</p></div>"
    readback = render(body, css=FIVE_LINES, filler=False)
    assert _failures(readback, headings=["A heading"], strings={"p": LONG.strip()}) == []


def test_a_heading_over_a_short_paragraph_that_ends_passes(render):
    body = f"<div><p>{FOUR}</p><p>{FOUR}</p><h2>A heading</h2><p>{FOUR} {FOUR}</p><p>{LONG}</p></div>"
    readback = render(body, css=FIVE_LINES + "div p:nth-of-type(3) { break-after: column }", filler=False)
    assert _failures(readback, headings=["A heading"], strings={"p": f"{FOUR} {FOUR}".strip()}) == []


ITEMS = ["The first item of the list", "The second item of the list", "The third item of the list"]


def test_a_lists_first_item_alone_at_a_columns_foot_fails(render):
    items = "".join(f"<li>{item}</li>" for item in ITEMS)
    readback = render(f"<div><p>{FOUR}</p><p>{FOUR}</p><p>{FOUR}</p><p>{FOUR}</p><ul>{items}</ul></div>",
                      css=FIVE_LINES, filler=False)
    failures = _failures(readback, list_items=[ITEMS])
    assert [(f.message, f.text) for f in failures] == [("a list's first item alone at a column's foot", ITEMS[0] + "•")]


def test_a_lists_first_two_items_together_pass(render):
    items = "".join(f"<li>{item}</li>" for item in ITEMS)
    readback = render(f"<div><p>{FOUR}</p><p>{FOUR}</p><p>{FOUR}</p><p>{FOUR}</p><ul>{items}</ul></div>",
                      css=FIVE_LINES + "li:first-child { break-after: avoid }", filler=False)
    assert _failures(readback, list_items=[ITEMS]) == []
