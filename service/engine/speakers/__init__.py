"""Speaker resolution inside one article: each quote's mention becomes a ``SpeakerRef``.

The article is first read into *entities*: people (PERSON mentions clustered by
``names.same_person``, with the titles before their names and their appositions as roles),
anonymous sources introduced by indefinite descriptions ("a senior administration
official") and organisations or documents. Each quote mention is then classified (name,
pronoun, title, anonymous description, organisation, relative pronoun) and linked to one of
those entities; what cannot be linked stays ``unknown`` with the mention kept and a low
confidence.

Modules: ``entity`` (what can speak, word classes, confidences), ``article`` (the parsed text read
once), ``people`` (PERSON mentions and the roles around them in the Doc), ``registry`` (the
article's entities), ``antecedents`` (pronouns and continuation), ``mentions`` (reading one
mention), ``descriptions`` (definite descriptions: titles, descriptors, "the company"), ``groups``
(speakers naming no single person), ``resolution`` (the driver).
"""

from service.engine.speakers.resolution import resolve_speakers

__all__ = ["resolve_speakers"]
