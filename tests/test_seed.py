"""The seed splitter itself: the rejoined sentence, and nothing of the seed silently skipped."""

from .seed import BROKEN_START, seed_items


def test_broken_sentence_is_rejoined_once():
    items = seed_items()
    rejoined = [i for i in items if i.startswith(BROKEN_START)]
    assert rejoined == [BROKEN_START + " the purpose of forced labour, but also in other types of "
                        "exploitation, as reflected in a number of Security Council resolutions."]
    assert not any(i.startswith("the purpose of forced labour") for i in items)


def test_items_cover_headings_lists_and_sentences():
    items = seed_items()
    assert "THE INTER-AGENCY COORDINATION GROUP AGAINST TRAFFICKING IN PERSONS—ICAT" in items
    assert "United Nations Office on Drugs and Crime (UNODC)" in items
    assert "UNODC is the Permanent Coordinator of ICAT." in items
    assert "TIMELINE OF KEY EVENTS" in items
    assert not any(i.startswith("Read more") for i in items)
    assert len(items) == 87
