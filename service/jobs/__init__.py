"""Ingestion jobs: the runner, the embedded pool and the Celery tasks that drive it."""
