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


def _plain_samples():
    """Every string of the real locales, and random strings of the characters that matter."""
    import random

    from build_factsheet.model.yamlfile import flatten, load_yaml
    from tests.conftest import REPO

    for path in sorted((REPO / "source" / "locales").glob("*.yaml")):
        document, _ = load_yaml(path)
        yield from (value for value in flatten(document.data).values() if isinstance(value, str))
    alphabet = list("ab é中ش \n\r\t\0*_[]()!<>&\"'\\`~#-=+|{}:/.") + ["https://a.org", "&amp;", "&#65;"]
    generator = random.Random(1)
    for _ in range(3000):
        yield "".join(generator.choice(alphabet) for _ in range(generator.randint(0, 12)))


def test_plain_text_skips_the_parser_with_the_same_result():
    from build_factsheet import markup
    from build_factsheet.i18n import qa

    plain = 0
    for text in _plain_samples():
        if markup.is_plain(text):
            plain += 1
            tokens = markup.inline_parser().parseInline(text)[0].children or []
            assert [token.type for token in tokens] in ([], ["text"]), text
            assert render(text) == markup.inline_parser().renderInline(text), text
            assert links(text) == []
            assert qa._markup(text) == qa.Counter(), text
    assert plain > 500  # most real strings, and many random ones
