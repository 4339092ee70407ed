"""`build-factsheet serve`: a warm renderer, a file watcher and a browser page."""
