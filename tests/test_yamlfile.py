"""yamlfile: parsing with line numbers, duplicate keys, syntax errors with file:line:column."""

from build_factsheet.yamlfile import flatten, load_yaml


def test_lines_are_recorded_for_nested_keys(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a:\n  b: one\n  c:\n    d: two\n")
    doc, problems = load_yaml(path)
    assert problems == []
    assert doc.lines["a.b"] == 2 and doc.lines["a.c.d"] == 4
    assert doc.line_of("a.c.missing") == 3  # nearest parent
    assert flatten(doc.data) == {"a.b": "one", "a.c.d": "two"}


def test_duplicate_keys_are_reported_with_both_lines(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("a:\n  b: one\n  b: two\n")
    doc, problems = load_yaml(path)
    assert len(problems) == 1
    assert problems[0].line == 3 and problems[0].key == "a.b"
    assert "duplicate key (first defined on line 2)" in str(problems[0])
    assert doc.data == {"a": {"b": "one"}}


def test_syntax_error_gives_file_line_and_column(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("a:\n  b: [one, two\n  c: three\n")
    doc, problems = load_yaml(path)
    assert doc is None
    text = str(problems[0])
    assert "bad.yaml:3:" in text or "bad.yaml:4:" in text
    assert "YAML syntax error" in text


def test_missing_and_non_utf8_files_are_problems_not_exceptions(tmp_path):
    assert "file not found" in str(load_yaml(tmp_path / "none.yaml")[1][0])
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in str(load_yaml(path)[1][0])
