"""The scenario library: the scenario schema (`schema`) and its loading (`store`), the signal vocabulary scenarios
refer to (`signals`), scenario text for the terminal (`scenario_text`) and `mockint new` (`authoring`).
Imports only `mockint.errors` and `mockint.paths`.
"""
