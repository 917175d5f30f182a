"""The newsroom explorer: server-rendered pages for searching quotes, families, articles and speakers."""

from __future__ import annotations

from flask import Flask, redirect
from werkzeug.wrappers import Response

from service.explore.access import init_sessions


def init_explore(app: Flask, secret: str) -> None:
    """Register the explorer's pages under /explore, its session cookie, and send / there."""
    from service.explore.views import blp

    init_sessions(app, secret)
    app.register_blueprint(blp)

    @app.get("/")
    def home() -> Response:
        return redirect("/explore", code=302)
