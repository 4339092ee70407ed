"""markup: the inline subset translators may use renders; anything else is text and is refused with a reason."""

import pytest

from build_factsheet.markup import links, refused, render


def test_the_subset_renders():
    assert render('**b** *i* [site](https://a.org/x?a=1&b=2 "T") [mail](mailto:t@a.org)') == (
        '<strong>b</strong> <em>i</em> <a href="https://a.org/x?a=1&amp;b=2" title="T">site</a> '
        '<a href="mailto:t@a.org">mail</a>')
    assert refused('**b** *i* [site](https://a.org) [mail](mailto:t@a.org) R&D; 1 < 2 > 0') == []


@pytest.mark.parametrize("text, rendered, reason", [
    ("<img src=http://127.0.0.1/x>", "&lt;img src=http://127.0.0.1/x&gt;", "raw HTML <img src=http://127.0.0.1/x>"),
    ("x<!-- c -->", "x&lt;!-- c --&gt;", "raw HTML <!-- c -->"),
    ("<https://a.org>", "&lt;https://a.org&gt;", "<https://a.org> is not a link here"),
    ("&#x202E;x", "&amp;#x202E;x", "the character reference &#x202E;"),
    ("![i](https://a.org/i.png)", '!<a href="https://a.org/i.png">i</a>', "an image"),
    ("[x](javascript:alert(1))", "[x](javascript:alert(1))", "a link to 'javascript:alert(1)'"),
    ("[x](file:///etc/passwd)", "[x](file:///etc/passwd)", "a link to 'file:///etc/passwd'"),
    ("[x](http://a.org)", "[x](http://a.org)", "a link to 'http://a.org'"),
    ("[x](//a.org)", "[x](//a.org)", "a link to '//a.org'"),
    ("[x](../../etc/passwd)", "[x](../../etc/passwd)", "a link to '../../etc/passwd'"),
])
def test_anything_else_is_text_and_refused(text, rendered, reason):
    assert render(text) == rendered
    assert any(message.startswith(reason) for message in refused(text)), refused(text)


def test_links_are_found_allowed_or_not():
    assert links("[a](https://a.org) and [b](javascript:x)") == ["https://a.org", "javascript:x"]
