"""build_factsheet: structured source + translators' locales -> checked, print-quality factsheet PDFs."""

__version__ = "0.1.0"
