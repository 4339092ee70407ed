"""source/copyfit.lock <-> the body size, leading and words kept whole (a FitStep) copyfitting chose per publication and language."""

from __future__ import annotations

from dataclasses import dataclass

from build_factsheet.atomic import write_atomic

LOCK_FILE = "source/copyfit.lock"
LOCK_HEADER = """\
# Body text size (pt) that copyfitting chose for each publication and language, written by the build,
# and after it the line height where copyfitting opened it beyond the brand's normal one, and
# the words set unhyphenated because they broke across a column or page (`keep ...`).
# The next build starts from it and keeps it while the content still fills the page
# budget, so builds are reproducible and a clean build lays each language out once.
# Commit it with the source.
"""


@dataclass(frozen=True)
class FitStep:
    """The body text size that copyfitting chose (every other size in the CSS is relative to it),
    the body's line height where it opened it (None: the brand's normal one), and the words kept
    unhyphenated at it (render/hyphenation.py): with them a build lays the language out once."""

    font_size_pt: float
    leading: float | None = None
    keep: tuple[str, ...] = ()

    @property
    def font_size(self) -> str:
        return f"{self.font_size_pt:.2f}pt"

    def __str__(self) -> str:
        """As the lock writes it: `10.05`, `11.8 1.52` with a leading, `10.05 keep Organization` with words kept."""
        return (f"{self.font_size_pt:g}" + (f" {self.leading:g}" if self.leading is not None else "")
                + (" keep " + " ".join(self.keep) if self.keep else ""))


def step_of(result) -> FitStep:
    """What the lock records of a language's result (options.LocaleResult, stages.Rendered)."""
    return FitStep(result.font_size_pt, result.leading, result.kept)


def parse_step(text: str) -> FitStep | None:
    """Read `10.05`, `11.8 1.52`, `10.05 keep Organization` (as FitStep's str writes it); None if it is none of them."""
    values, _, kept = text.partition(" keep ")
    try:
        numbers = [float(word) for word in values.split()]
    except ValueError:
        return None
    keep = tuple(sorted(set(kept.split())))
    if len(numbers) == 1:
        return FitStep(numbers[0], keep=keep)
    return FitStep(numbers[0], numbers[1], keep) if len(numbers) == 2 else None


def read_lock(root, publication: str | None = None) -> dict[str, FitStep]:
    """Return the locked step per `<publication id>/<lang>`, or per language of `publication`
    (empty when there is no lock or it is damaged)."""
    path = root / LOCK_FILE
    steps = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition(":")
            if name and not name.startswith("#") and "/" in name and value.strip():
                if (step := parse_step(value)) is not None:  # a damaged line only costs a search
                    steps[name.strip()] = step
    if publication is None:
        return steps
    return {key.split("/", 1)[1]: step for key, step in steps.items() if key.split("/", 1)[0] == publication}


def write_lock(root, publication: str, steps: dict[str, FitStep]) -> bool:
    """Write `publication`'s steps per language into the lock, keeping the other publications',
    in a stable order; return whether it changed."""
    every = {key: step for key, step in read_lock(root).items() if key.split("/", 1)[0] != publication}
    every.update({f"{publication}/{lang}": step for lang, step in steps.items()})
    text = LOCK_HEADER + "".join(f"{key}: {every[key]}\n" for key in sorted(every))
    return write_atomic(root / LOCK_FILE, text, only_if_changed=True)
