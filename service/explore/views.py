"""The explorer's routes; each reads or changes through ``data`` and renders one template."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from service.explore import access, articleview, data, familyview, speakerview
from service.explore.corrections import apply, form_id, form_text
from service.explore.pages import error_page, globals_for_templates, secure_headers
from service.explore.searchview import search_page

blp = Blueprint("explore", __name__, url_prefix="/explore", template_folder="templates", static_folder="static")
blp.context_processor(globals_for_templates)
blp.after_request(secure_headers)
blp.register_error_handler(HTTPException, error_page)


@blp.get("")
@access.reads
def search() -> str:
    """Search quotes; with nothing asked, the landing lists."""
    return render_template("explore/search.html", **search_page(request.args))


@blp.get("/families/<id:family_id>")
@access.reads
def family(family_id: int) -> str:
    """A family: the canonical, every wording diffed, paraphrases, occurrences."""
    report = data.family(family_id) or abort(404, f"There is no family {family_id}.")
    return render_template("explore/family.html", page=familyview.family_page(report))


@blp.get("/articles/<id:article_id>")
@access.reads
def article(article_id: int) -> str:
    """An article with its quotes highlighted at their offsets."""
    art = data.article(article_id) or abort(404, f"There is no article {article_id}.")
    pieces, quotes = articleview.pieces(art["text"], art["quotes"]), articleview.numbered(art["quotes"])
    return render_template("explore/article.html", article=art, pieces=pieces, quotes=quotes)


@blp.get("/speakers/<id:speaker_id>")
@access.reads
def speaker(speaker_id: int) -> str | Response:
    """A speaker: names, roles, timeline of quotes, outlets and families."""
    who = data.speaker(speaker_id) or abort(404, f"There is no speaker {speaker_id}.")
    if who["id"] != speaker_id:
        return redirect(url_for("explore.speaker", speaker_id=who["id"]), code=301)
    timeline, outlets = speakerview.timeline(who["quotes"]), speakerview.outlets(who["quotes"])
    return render_template("explore/speaker.html", speaker=who, timeline=timeline, outlets=outlets)


@blp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response | tuple[str, int]:
    """Take an API key in a form and remember it in the session cookie."""
    target = access.safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("explore/sign_in.html", next=target)
    access.check_csrf()
    if not access.sign_in(request.form.get("key", "")):
        return render_template("explore/sign_in.html", next=target, refused=True), 401
    return redirect(target, code=303)


@blp.post("/sign-out")
def sign_out() -> Response:
    """Forget the signed-in key."""
    access.check_csrf()
    access.sign_out()
    flash("Signed out.", "info")
    return redirect(url_for("explore.sign_in"), code=303)


def _correction(page: str, change: Callable[[int], int], done: str) -> Callable[..., Response]:
    # Each form runs the API's own correction, then goes back to (or on to) the page it names.
    @access.writes
    def view(**ids: int) -> Response:
        (here,) = ids.values()
        return apply(lambda: change(here), page, here, done)

    return view


# POST /explore/{speakers,families}/<id>/<action>, endpoint ``<action>_<kind>``: the API's correction.
_CHANGES: dict[str, dict[str, tuple[Callable[[int], int], str]]] = {
    "speaker": {
        "rename": (lambda i: data.rename_speaker(i, form_text("name")), "Renamed."),
        "merge": (lambda i: data.merge_speakers(i, form_id("other_id")), "Merged."),
        "split": (lambda i: data.split_speaker(i, form_text("alias")), "Split off."),
    },
    "family": {
        "merge": (lambda i: data.merge_family(i, form_id("other_id")), "Merged."),
        "split": (lambda i: data.split_family(i, form_id("quote_id")), "Split off."),
    },
}
_PLURAL = {"speaker": "speakers", "family": "families"}
for _kind, _changes in _CHANGES.items():
    for _action, (_change, _done) in _changes.items():
        _view = _correction(f"explore.{_kind}", _change, _done)
        blp.add_url_rule(f"/{_PLURAL[_kind]}/<id:{_kind}_id>/{_action}", f"{_action}_{_kind}", _view, methods=["POST"])
