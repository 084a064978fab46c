"""Files shipped with mockint that live outside this folder in the source tree.

pyproject.toml maps `mockint._bundled.scenarios` onto the top-level `scenarios/` (the scenario library)
and `mockint._bundled.demo` onto `audio_fixtures/` (of which the wheel keeps only the demo answers).
Read them with `mockint.paths.bundled("scenarios")` / `bundled("demo")`, never by a path from `__file__`.
"""
