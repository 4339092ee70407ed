"""The real factsheet, built in six languages, read back: the chart's figures as phrases, dates in each language's UN style, right-to-left order."""

import pytest

from build_factsheet.readback import read_pdf

LANGS = ["en", "fr", "es", "ru", "ar", "zh"]

# Each figure of the technology chart reads as one grammatical phrase: the number and its
# noun agree (Russian cases, Chinese classifiers, Arabic partitive), nothing capitalised mid-phrase.
CHART = {
    "en": ["123 specialized anti-trafficking law enforcement officers in the Interpol network",
           "at least 200 State officials in multiple geographic locations",
           "57 national anti-trafficking rapporteurs or equivalent mechanisms",
           "over 100 representatives of civil society and academia"],
    "fr": ["123 agents des services de détection et de répression du réseau d'INTERPOL spécialisés",
           "au moins 200 agents de l'État dans diverses régions du monde",
           "57 rapporteurs nationaux sur la traite des personnes ou mécanismes équivalents",
           "plus de 100 représentants de la société civile et des milieux universitaires"],
    "es": ["123 agentes de las fuerzas del orden de la red de INTERPOL especializados",
           "al menos 200 funcionarios estatales de diversas zonas geográficas",
           "57 relatores nacionales sobre la trata o mecanismos equivalentes",
           "más de 100 representantes de la sociedad civil y del mundo académico"],
    "ru": ["123 специализированных сотрудника правоохранительных органов по борьбе с торговлей людьми, "
           "входящих в сеть Интерпола",
           "не менее 200 государственных должностных лиц в различных регионах мира",
           "57 национальных докладчиков по вопросам торговли людьми или аналогичных механизмов",
           "более 100 представителей гражданского общества и научных кругов"],
    "ar": ["123 من موظفي إنفاذ القانون المتخصصين في مكافحة الاتجار في شبكة الإنتربول",
           "ما لا يقل عن 200 من المسؤولين الحكوميين في مواقع جغرافية متعددة",
           "57 من المقررين الوطنيين المعنيين بمكافحة الاتجار أو الآليات المماثلة",
           "أكثر من 100 من ممثلي المجتمع المدني والأوساط الأكاديمية"],
    "zh": ["国际刑警组织网络中123名专门从事打击贩运人口工作的执法官员",
           "至少200名来自多个地区的国家官员",
           "57名国家打击贩运人口问题报告员或同等机制代表",
           "逾100名民间社会代表和学术界人士"],
}

# Dates as each language's UN documents write them, from its patterns in source/project.yaml.
DATES = {
    "en": ["20 December 2006", "2 May 2018", "30 July 2019", "September 2019"],
    "fr": ["20 décembre 2006", "2 mai 2018", "30 juillet 2019", "septembre 2019"],
    "es": ["20 de diciembre de 2006", "2 de mayo de 2018", "30 de julio de 2019", "septiembre de 2019"],
    "ru": ["20 декабря 2006 года", "2 мая 2018 года", "30 июля 2019 года", "В сентябре 2019 года в кулуарах",
           "Сентябрь 2019 года"],
    "ar": ["20 كانون الأول/ديسمبر 2006", "2 أيار/مايو 2018", "30 تموز/يوليه 2019", "أيلول/سبتمبر 2019"],
    "zh": ["2006年12月20日", "2018年5月2日", "2019年7月30日", "2019年9月"],
}


@pytest.fixture(scope="module")
def texts(built_real):
    root, _ = built_real
    return {lang: _text(read_pdf((root / "output" / f"icat-factsheet-{lang}.pdf").read_bytes()), lang)
            for lang in LANGS}


def _text(readback, lang: str) -> str:
    """The PDF's text as pypdfium2 reads it, line ends and no-break spaces as plain spaces (none in Chinese)."""
    text = " ".join("".join(readback.pages_pdfium).replace("\u2011", "-").split())
    return text.replace(" ", "") if lang == "zh" else text


def _unread(texts, lang: str, phrases: list[str]) -> list[str]:
    """The phrases the language's PDF does not read (Chinese compared without spaces)."""
    return [p for p in phrases if (p.replace(" ", "") if lang == "zh" else p) not in texts[lang]]


@pytest.mark.parametrize("lang", LANGS)
def test_the_chart_reads_each_figure_as_one_phrase(texts, lang):
    assert _unread(texts, lang, CHART[lang]) == []


def test_no_figure_is_glued_to_a_label(texts):
    """What the reviser found: the number printed before a label that does not agree with it."""
    assert "не менее 200 Государственные" not in texts["ru"]
    assert "au moins 200 Agents" not in texts["fr"]
    assert "至少200多个地区" not in texts["zh"]


@pytest.mark.parametrize("lang", LANGS)
def test_dates_read_in_each_languages_un_style(texts, lang):
    assert _unread(texts, lang, DATES[lang]) == []


def test_russian_drops_the_abbreviated_year(texts):
    assert "г." not in texts["ru"]


def test_arabic_isolates_latin_names_and_numbers(texts):
    """فريق ICAT، الذي يضم 25: the name with its comma, then the number, in reading order."""
    assert "ويطمح فريق ICAT، الذي يضم 25 من المنظمات" in texts["ar"]


def test_french_spaces_its_punctuation_with_narrow_no_break_spaces(built_real):
    root, _ = built_real
    text = "".join(read_pdf((root / "output" / "icat-factsheet-fr.pdf").read_bytes()).pages_pdfium)
    assert "ICAT\u202f?" in text             # QU'OFFRE L'ICAT ? (the heading)
    assert "«\u202fUne seule ONU\u202f»" in text
    assert " :" not in text.replace("\u202f:", "")  # no ordinary space before a colon


@pytest.mark.parametrize("lang", LANGS)
def test_the_typography_check_passes_on_every_published_pdf(built_real, lang):
    _, results = built_real
    typography = [c for c in results[lang].checks if c.check == "typography"]
    assert [c.status for c in typography] == ["pass"], [str(c) for c in typography]


def test_the_chinese_cover_title_breaks_between_words(built_real):
    """Not inside 协调小组: the words of style.words in source/project.yaml are set whole in a title."""
    root, _ = built_real
    lines = [line.text for line in read_pdf((root / "output" / "icat-factsheet-zh.pdf").read_bytes()).lines
             if line.page == 1]
    assert lines[1:3] == ["打击贩运人口问题", "机构间协调小组——ICAT"], lines[:4]
