"""The seed event's quotes (five outlets, one Oval Office meeting) and the families they form."""

from __future__ import annotations

# Speakers as the resolver would identify them across articles.
BIDEN, OFFICIAL, KADHIMI, JOINT_STATEMENT = 1, 2, 3, 4

# (key, kind, speaker, text) -- key is seed number + letter; texts typed from seeds/*.txt.
SEED_QUOTES: list[tuple[str, str, int, str]] = [
    (
        "000a",
        "direct",
        1,
        "I think things are going well. Our role in Iraq will be … to be available to continue "
        "training, to help, to help and to deal with ISIS – as it arrives. But we do "
        "not we will be, by the end of "
        "the year, on a combat mission,",
    ),
    (
        "000b",
        "direct",
        1,
        "We support the strengthening of Iraq’s democracy and we look forward to making sure that "
        "elections take place in October,",
    ),
    (
        "000c",
        "direct",
        1,
        "And we are also committed to our security co-operation, our joint fight against ISIS. It is "
        "critical to the stability of the region and our co-operation against terrorism "
        "will continue, even as we "
        "move into this new phase we will talk about it.",
    ),
    ("000d", "direct", 2, "No one will declare ‘mission accomplished,'"),
    ("000e", "direct", 2, "The goal is the permanent defeat of ISIS,"),
    (
        "000f",
        "direct",
        2,
        "We recognize that you have to keep up the pressure on these networks as they seek to "
        "rebuild, but the role for US forces and coalition forces can be pulled, you "
        "know, deep into the background "
        "where we are training, advising, sharing intelligence, assisted with logistics",
    ),
    (
        "001a",
        "direct",
        1,
        "Our role in Iraq will be … to be available, to continue to train, to assist, to help and to "
        "deal with ISIS as it arises, but we’re not going to be, by the end of the "
        "year, in a combat mission,",
    ),
    (
        "001b",
        "direct",
        2,
        "Nobody is going to declare mission accomplished. The goal is the enduring defeat of ISIS,",
    ),
    (
        "001c",
        "partial",
        2,
        "we think we’ll be in a good place to really formally move into an advisory and capacity-building role",
    ),
    ("001d", "partial", 1, "quickly"),
    ("002a", "indirect", 2, "no one is going to declare mission accomplished"),
    ("003a", "partial", 1, "dedicated to our security cooperation"),
    (
        "003b",
        "partial",
        1,
        "continue to train, assist, assist, and deal with ISIS (Islamic State) as it develops.",
    ),
    ("003c", "direct", 1, "But we won’t be in a combat mission by the end of the year,"),
    ("003d", "partial", 3, "strategic alliance"),
    ("003e", "direct", 3, "America is assisting Iraq."),
    ("003f", "direct", 3, "We will battle, fight, and crush ISIS together,"),
    (
        "003g",
        "partial",
        2,
        "a problem solver rather than someone who attempts to manipulate difficulties for his own political interests.",
    ),
    ("003h", "partial", 1, "new phase,"),
    (
        "004a",
        "partial",
        1,
        "to continue to train, to assist, to help, to deal with ISIS (Islamic State) as it arises",
    ),
    ("004b", "direct", 1, "But we’re not going to be, at the end of the year, in a combat mission,"),
    (
        "004c",
        "direct",
        1,
        "I want to tell you, I was told the half a million – 500,000 – doses of COVID vaccine we’re "
        "sending, I was told you were told they wouldn’t come for awhile. They’ll be "
        "there in a couple weeks, "
        "they’ll be there quickly,",
    ),
    (
        "004d",
        "direct",
        1,
        "We support strengthening Iraqi’s democracy and we’re anxious to make sure the election goes "
        "forward in October,",
    ),
    (
        "004e",
        "direct",
        4,
        "The delegations decided, following recent technical talks, that the security relationship "
        "will fully transition to a training, advising, assisting, and "
        "intelligence-sharing role, and that there "
        "will be no US forces with a combat role in Iraq by December 31, 2021,",
    ),
]

# Partial quotes are fragment-level (the quoted words only), as the extractor stores them.
ROLE = frozenset({"000a", "001a", "003b", "003c", "004a", "004b"})  # "Our role in Iraq will be ..."
SUPPORT = frozenset({"000b", "004d"})  # "We support (the) strengthening (of) Iraq('s|i's) democracy ..."
SECURITY = frozenset({"000c", "003a"})  # "committed to / dedicated to our security co(-)operation"
GOAL = frozenset({"000e", "001b"})  # "The goal is the permanent/enduring defeat of ISIS"
MISSION = frozenset({"000d", "002a"})  # "No one will / nobody is going to declare mission accomplished"
EXPECTED = {ROLE, SUPPORT, SECURITY, GOAL, MISSION}
