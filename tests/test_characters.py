"""characters: which invisible and control characters are refused, named with code point and position."""

import pytest

from build_factsheet.characters import escape_refused, find_refused


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                                  "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b", "\u2060",
                                  "\ufeff", "\U000e0041", "\x1b", "\x7f", "\x85", "\ue000", "\ufffe", "\u2028"])
def test_refused_everywhere(char):
    found = find_refused(f"ab{char}cd")
    assert len(found) == 1 and found[0].position == 3 and found[0].code_point == f"U+{ord(char):04X}"


def test_the_message_names_code_point_name_and_position():
    assert str(find_refused("a\u202eb")[0]).startswith("U+202E RIGHT-TO-LEFT OVERRIDE at character 2: ")


def test_joiners_only_between_letters_of_a_joining_script():
    assert find_refused("می\u200cخواهم") == []        # Persian: ZWNJ chooses the letter form
    assert find_refused("क्\u200dष") == []             # Devanagari: ZWJ between a virama and a letter
    assert find_refused("ال\u200dعربية") == []
    for text in ("a\u200cb", "a\u200db", "\u200cب", "ب\u200c", "ب \u200cب", "中\u200d文", "да\u200cнет"):
        assert len(find_refused(text)) == 1, text


def test_shipped_text_passes():
    assert find_refused("Soft\u00adhyphen, no\u00a0break, tab\tand\nline, «guillemets», 中文。") == []


def test_escaped_for_messages_so_they_do_not_reorder_themselves():
    assert escape_refused("key 'a\u202eb': x\U000e0041") == "key 'a\\u202eb': x\\U000e0041"
    assert escape_refused("plain ‘text’ عربي") == "plain ‘text’ عربي"
