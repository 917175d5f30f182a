"""A senator's pledge as the first outlet prints it: invented text the API and explorer tests share."""

PLEDGE = (
    "“The river will be cleaned up within five years, and the city will pay for every last mile of it,” "
    "Senator Maria Oduya said on Tuesday."
)
