"""Meaning at the edge: an offline sentence encoder (all-MiniLM-L6-v2, shipped on PyPI) and the fitted
lesson reader built on it. The scoring core only sees the small `LessonReader` interface it defines."""
