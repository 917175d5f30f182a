"""The article aggregate: outlets, articles and their quotes (``models``), their rows (``repository``)
and the listings and searches over them (``queries``)."""
