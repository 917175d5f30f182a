"""Quote families in the store: tables, the repository that applies the engine's decisions, and reads."""
