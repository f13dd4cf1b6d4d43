"""Reading conversation archives (JSONL, JSON, CSV) and writing audit results."""

from trustdesk.io.readers import InputProblem, read_conversations, read_labelled

__all__ = ["InputProblem", "read_conversations", "read_labelled"]
