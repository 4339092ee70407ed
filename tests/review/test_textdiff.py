"""Word-level differences of strings and running text (textdiff.py, compare.text_hunks)."""

from __future__ import annotations

from build_factsheet.review.compare import running_text, text_hunks
from build_factsheet.review.textdiff import pages_showing, string_changes, tokens, word_diff


def marked(segments, kind):
    return [segment.text for segment in segments if segment.kind == kind]


def test_latin_text_is_compared_word_by_word():
    before, after = word_diff("Le port accueille navires et voyageurs", "Le port accueille les navires et voyageurs")
    assert marked(before, "removed") == []
    assert marked(after, "added") == ["les "]
    assert "".join(s.text for s in after) == "Le port accueille les navires et voyageurs"


def test_a_changed_word_is_marked_whole_on_both_sides():
    before, after = word_diff("ouvert le samedi", "ouvert le dimanche")
    assert marked(before, "removed") == ["samedi"] and marked(after, "added") == ["dimanche"]


def test_chinese_is_compared_character_by_character():
    assert tokens("国际移民组织") == list("国际移民组织")
    before, after = word_diff("国际移民组织", "国际劳工组织")
    assert marked(before, "removed") == ["移民"] and marked(after, "added") == ["劳工"]


def test_arabic_words_are_tokens():
    before, after = word_diff("يستقبل الميناء السفن", "يستقبل الميناء القوارب")
    assert marked(before, "removed") == ["السفن"] and marked(after, "added") == ["القوارب"]


def test_strings_changed_added_and_removed_by_key():
    changes = string_changes({"a": "one", "b": "two", "c": "three"}, {"a": "one", "b": "deux", "d": "four"})
    assert [(c.key, c.kind, c.old, c.new) for c in changes] == [
        ("b", "changed", "two", "deux"), ("d", "added", "", "four"), ("c", "removed", "three", "")]


def test_a_string_is_found_on_its_page_across_line_breaks_and_hyphens():
    pages = ["Title", "le port ac-\ncueille les\nnavires", "autre chose"]
    assert pages_showing("Le port accueille les navires", pages) == [2]
    assert pages_showing("absent du tout", pages) == []


def test_running_text_drops_hyphenation_and_joins_chinese_lines():
    assert running_text("voya\ufffe\ngeurs  depuis\n1888") == "voyageurs depuis 1888"
    assert running_text("国际\n移民") == "国际移民"


def test_text_hunks_show_each_change_with_a_few_words_around_it():
    old = " ".join(f"w{i}" for i in range(100))
    new = old.replace("w10 ", "w10 extra ").replace("w80", "W80")
    hunks = text_hunks(old, new)
    assert len(hunks) == 2
    assert [text.strip() for text in marked(hunks[0].new, "added")] == ["extra"]
    assert marked(hunks[1].old, "removed") == ["w80"] and marked(hunks[1].new, "added") == ["W80"]
    assert "w0 " not in "".join(s.text for s in hunks[1].new)  # context, not the whole text
