"""A practice session: the flow of each mode, the streaming transcript, spoken feedback, the session folder
and rescoring. Uses the engines (`mockint.speech`), the core (`mockint.scoring`) and `mockint.output`.
"""
