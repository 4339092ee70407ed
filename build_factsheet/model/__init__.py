"""Project files -> validated data (source, locales, fonts): no rendering."""
