"""sizelock: source/copyfit.lock keeps each language's body size, its leading where it was opened, and the words kept whole."""

from build_factsheet.model.sizelock import LOCK_FILE, FitStep, parse_step, read_lock, write_lock


def test_the_lock_round_trips_sizes_and_leadings(tmp_path):
    (tmp_path / "source").mkdir()
    steps = {"en": FitStep(10.05), "zh": FitStep(11.8, 1.72)}
    assert write_lock(tmp_path, "icat-factsheet", steps)
    assert read_lock(tmp_path, "icat-factsheet") == steps
    text = (tmp_path / LOCK_FILE).read_text()
    assert "icat-factsheet/en: 10.05\n" in text and "icat-factsheet/zh: 11.8 1.72\n" in text
    assert not write_lock(tmp_path, "icat-factsheet", steps)  # unchanged: not written again


def test_a_lock_written_before_leadings_still_reads(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / LOCK_FILE).write_text("# a comment\nicat-factsheet/en: 10.05\nicat-factsheet/fr: big\n"
                                      "icat-factsheet/ru: 8.6 1.5 2\nleaflet/zh: 11.8\n")
    assert read_lock(tmp_path, "icat-factsheet") == {"en": FitStep(10.05)}  # damaged lines only cost a search
    assert read_lock(tmp_path)["leaflet/zh"] == FitStep(11.8)


def test_a_step_reads_as_the_lock_writes_it():
    for step in (FitStep(9.35), FitStep(11.8, 1.52), FitStep(8.6, 1.4), FitStep(10.05, keep=("Organization",)),
                 FitStep(8.6, 1.41, ("Организации", "торговлей"))):
        assert parse_step(str(step)) == step
    assert parse_step("") is None and parse_step("1 2 3") is None and parse_step("big keep Word") is None
    assert str(FitStep(8.6, 1.41, ("Организации", "торговлей"))) == "8.6 1.41 keep Организации торговлей"


def test_the_lock_round_trips_the_words_kept_whole(tmp_path):
    (tmp_path / "source").mkdir()
    steps = {"en": FitStep(10.05, 1.44, ("Organization",)), "es": FitStep(9.35, keep=("coordinadas",))}
    assert write_lock(tmp_path, "icat-factsheet", steps)
    assert read_lock(tmp_path, "icat-factsheet") == steps
    assert "icat-factsheet/es: 9.35 keep coordinadas\n" in (tmp_path / LOCK_FILE).read_text()
