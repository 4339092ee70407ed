"""normalise: what is folded per script, so that text read from a PDF compares with its locale."""

from build_factsheet.checks.normalise import normalise, split_arabic


def test_every_script_folds_nfkc_case_hyphens_bullets_and_spaces():
    assert normalise("ﬁnal  Résumé\n", "latin") == "final résumé"            # ligature, case, spaces
    assert normalise("TRAF‐\nFICKING", "latin") == normalise("trafficking", "latin")  # hyphenation point
    assert normalise("Counter-\r\nTerrorism", "latin") == normalise("Counter-Terrorism", "latin")
    assert normalise("Persons\n—ICAT", "latin") == normalise("Persons—ICAT", "latin")  # break at a dash
    assert normalise("VIH/\nSida", "latin") == normalise("VIH/Sida", "latin")
    assert normalise("• Item\n• Other", "latin") == "item other"
    assert normalise("ONU\ufffe\r\nFemmes", "latin") == normalise("ONU-Femmes", "latin")  # pypdfium2


def test_chinese_ignores_all_whitespace():
    assert normalise("打击贩运人口\n问题机构间 协调小组", "han") == "打击贩运人口问题机构间协调小组"


def test_arabic_separates_scripts_and_drops_punctuation():
    # pypdf drops the space where an Arabic run meets digits or Latin, and mirrors brackets.
    text = normalise("يمثل61/180 ICAT(", "arabic")
    assert text == "يمثل 61 180 icat"
    arabic, other = split_arabic(normalise("تابعوا ICAT: الآن", "arabic"))
    assert arabic == ["تابعوا", "الآن"] and other == ["icat"]


def test_different_words_stay_different():
    assert normalise("two distinct advantages", "latin") != normalise("two distinct advantage", "latin")
    assert normalise("2 May 2018", "latin") != normalise("2 March 2018", "latin")


def test_arabic_is_compared_without_its_vowel_marks():
    """A vocalised word, and the same word as pypdfium2 reads it (its marks moved apart), compare equal."""
    assert normalise("الأُمَمُ المُتَّحِدَةُ", "arabic") == normalise("الأمم المتحدة", "arabic") == "الأمم المتحدة"
    assert normalise("الأمم ُ َ المتحدة ّ", "arabic") == "الأمم المتحدة"
    assert normalise("الأُمَمُ", "latin") != normalise("الأمم", "latin")  # only Arabic is folded so
