"""Staged set vs output/ -> what changed, in words and on the page; `publish` then moves exactly the reviewed set."""
