"""gunicorn settings for `quotes serve`; the values live in service/gunicorn_conf.py."""

from service.gunicorn_conf import *  # noqa: F403
