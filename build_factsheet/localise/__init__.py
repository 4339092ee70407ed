"""A catalog and the source -> localised documents (markup, dates, numbers)."""
