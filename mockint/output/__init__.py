"""What the user reads afterwards: report writers (terminal, JSON, Markdown, HTML), the attempt history and
its views.
"""
