"""Translator workflow: locale status and staleness, scaffolds, PO/XLIFF exchange and QA checks."""
