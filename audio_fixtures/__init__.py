"""Speech fixtures with ground truth (scripts/make_fixtures.py). This file has no code.

It makes the folder the package `mockint._bundled.demo` (pyproject.toml, package-dir), so the recordings
demo mode plays (session.DemoRecorder) ship in the wheel and are read with importlib.resources; the rest
is test data and stays out of the wheel.
"""
