"""Checked, staged files -> output/ (atomic moves, cache, lock, manifest, kit)."""
