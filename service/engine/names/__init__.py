"""Speaker names, pure functions without spaCy: the word lists, mention cleaning, titles, person names, identity keys.

Code inside the engine imports from the submodules; this package re-exports the functions the
store and the tests reach as ``names.<function>``.
"""

from service.engine.names.keys import block_key, identity_key, person_block
from service.engine.names.mention_text import (
    ascii_fold,
    clean_mention,
    handle_to_name,
    normalize_countries,
    normalize_description,
    normalize_organization,
)
from service.engine.names.persons import (
    canonical_given,
    fuller_name,
    letters,
    parse_person_name,
    same_person,
    split_apposition,
)
from service.engine.names.titles import head_title, role_matches, split_title, titles_gender
from service.engine.names.word_lists import verb_forms

__all__ = [
    "ascii_fold",
    "block_key",
    "canonical_given",
    "clean_mention",
    "fuller_name",
    "handle_to_name",
    "head_title",
    "identity_key",
    "letters",
    "normalize_countries",
    "normalize_description",
    "normalize_organization",
    "parse_person_name",
    "person_block",
    "role_matches",
    "same_person",
    "split_apposition",
    "split_title",
    "titles_gender",
    "verb_forms",
]
