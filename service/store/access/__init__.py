"""The access aggregate: API keys (``keys``) and the responses kept for idempotent retries (``idempotency``)."""
