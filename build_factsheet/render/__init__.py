"""Localised documents -> HTML -> laid-out, copyfitted PDFs and their print variant."""
