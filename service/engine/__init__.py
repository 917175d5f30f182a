"""The language engine: quote extraction, speaker resolution and quote families.

Nothing here knows about HTTP or the database.
"""
