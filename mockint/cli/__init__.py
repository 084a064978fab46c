"""The command line: parse, build objects, call the core; errors become one line and exit code 2.
"""
