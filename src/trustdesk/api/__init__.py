"""The REST API (FastAPI): thin routes over the desk's use cases and the engine."""
