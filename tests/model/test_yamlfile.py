"""yamlfile: parsing with line numbers, duplicate keys, syntax errors with file:line:column."""

import pytest

from build_factsheet.model.yamlfile import flatten, load_yaml


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
    # Where the mistake is (the bracket never closed), not where the parser gave up.
    assert text.endswith("bad.yaml:2:6: YAML syntax error: the [ opened here is not closed")


def test_missing_and_non_utf8_files_are_problems_not_exceptions(tmp_path):
    assert "file not found" in str(load_yaml(tmp_path / "none.yaml")[1][0])
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in str(load_yaml(path)[1][0])


def _load(tmp_path, data: bytes):
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    doc, problems = load_yaml(path)
    return doc, [str(p).replace(str(path), "x.yaml") for p in problems]


def test_bom_and_crlf_are_accepted(tmp_path):
    doc, problems = _load(tmp_path, "\ufeffa:\r\n  b: one\r\n  c: two\r\n".encode())
    assert problems == [] and doc.data == {"a": {"b": "one", "c": "two"}} and doc.lines["a.c"] == 3


def test_aliases_are_refused_once_and_a_bomb_costs_nothing(tmp_path):
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefghi", "bcdefghij")]
    doc, problems = _load(tmp_path, "\n".join(levels).encode())  # 9**10 strings if expanded
    assert problems == ["x.yaml:2: key 'b[0]': an alias (*name) is not allowed: write the value out"]


def test_deep_nesting_is_refused_before_libyaml_recurses(tmp_path):
    # 100,000 nested brackets crash libyaml's C composer with a segmentation fault.
    doc, problems = _load(tmp_path, b"a: " + b"[" * 100_000 + b"]" * 100_000)
    assert problems == ["x.yaml:1:19: YAML nested too deeply (more than 16 levels)"]


@pytest.mark.parametrize("data, message", [
    (b"a:\n\tb: x\n", "x.yaml:2:1: YAML syntax error: a tab cannot indent YAML: indent with spaces"),
    (b"a: x\x00\n", "x.yaml:1:5: YAML syntax error: control character (U+0000) is not allowed in a YAML file"),
    (b"a:\n  b: caf\xe9\n", "x.yaml:2:9: not UTF-8 text: byte 0xE9 (invalid continuation byte); save the file as UTF-8"),
    ("a: b\n".encode("utf-16"), "x.yaml: saved as UTF-16: save it as UTF-8"),
    ("a: x\u2028y\n".encode(), "x.yaml:1:5: U+2028 LINE SEPARATOR is not allowed: YAML reads it as a line break; remove it"),
    (b"a: !!python/object/apply:os.system [ls]\n",
     "x.yaml:1: key 'a': the YAML tag !!python/object/apply:os.system is not allowed: write a plain value"),
    (b"a: " + b"x" * 4001, "x.yaml:1: key 'a': the text is 4,001 characters long, more than the limit of 4,000"),
    (b'a: "x\\u202ey"', "x.yaml:1: key 'a': U+202E RIGHT-TO-LEFT OVERRIDE at character 2: an invisible bidi control "
                       "can make the text display in another order than it is stored (Trojan Source); remove it, "
                       "the layout sets the direction"),
])
def test_hostile_yaml_is_a_problem_with_file_and_line(tmp_path, data, message):
    assert _load(tmp_path, data)[1] == [message]


def test_a_file_over_the_size_limit_is_not_read(tmp_path):
    assert _load(tmp_path, b"a: x\n" * 250_000)[1] == [
        "x.yaml: the file is 1,250,000 bytes, more than the limit of 1,000,000: is it the right file?"]
