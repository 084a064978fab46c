"""The bundled scenario library: edit the .toml files here. This file has no code.

It makes the folder the package `mockint._bundled.scenarios` (pyproject.toml, package-dir), so the library
ships in the wheel and is read with importlib.resources.
"""
