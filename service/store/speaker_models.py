"""The speaker tables, where modules outside the speaker package have always imported them from."""

from service.store.speakers.models import Speaker, SpeakerAlias, SpeakerPin, SpeakerRole

__all__ = ["Speaker", "SpeakerAlias", "SpeakerPin", "SpeakerRole"]
