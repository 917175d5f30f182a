"""Speaker store: the tables (``models``), rows by key and pin (``repository``), cross-article
matching (``matching``), search and quote counts (``queries``) and editors' corrections
(``corrections``).

Every function takes the caller's ``Session`` and never commits: ingest owns one transaction
per article, the API one per request.
"""

from service.store.speakers.corrections import merge_speakers, rename_speaker, split_alias
from service.store.speakers.matching import (
    attach_article_speakers,
    attach_speaker,
    find_speaker,
    names_someone,
    speaker_identity,
)
from service.store.speakers.queries import (
    counted_speaker,
    is_unlinked,
    quote_counts,
    search_query,
    speaker_quotes_query,
    with_quote_counts,
)
from service.store.speakers.repository import add_alias, get_speaker, live, normalize_alias

__all__ = [
    "add_alias",
    "attach_article_speakers",
    "attach_speaker",
    "counted_speaker",
    "find_speaker",
    "get_speaker",
    "is_unlinked",
    "live",
    "merge_speakers",
    "names_someone",
    "normalize_alias",
    "quote_counts",
    "rename_speaker",
    "search_query",
    "speaker_identity",
    "speaker_quotes_query",
    "split_alias",
    "with_quote_counts",
]
