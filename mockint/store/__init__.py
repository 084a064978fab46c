"""What is kept on disk: the session folders (one per attempt) and the attempt history (SQLite with
named migrations), under MOCKINT_HOME. No rendering here: the views are in `mockint.output`."""
