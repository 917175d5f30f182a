"""The explorer's routes; each reads or changes through ``data`` and renders one template."""

from __future__ import annotations

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


@blp.post("/speakers/<id:speaker_id>/rename")
@access.writes
def rename_speaker(speaker_id: int) -> Response:
    """Rename a speaker (the API's PATCH /v1/speakers/{id})."""
    return apply(lambda: data.rename_speaker(speaker_id, form_text("name")), "explore.speaker", speaker_id, "Renamed.")


@blp.post("/speakers/<id:speaker_id>/merge")
@access.writes
def merge_speaker(speaker_id: int) -> Response:
    """Merge another speaker into this one (POST /v1/speakers/{id}/merge)."""
    return apply(lambda: data.merge_speakers(speaker_id, form_id("other_id")), "explore.speaker", speaker_id, "Merged.")


@blp.post("/speakers/<id:speaker_id>/split")
@access.writes
def split_speaker(speaker_id: int) -> Response:
    """Split an alias off into a new speaker (POST /v1/speakers/{id}/split)."""
    return apply(
        lambda: data.split_speaker(speaker_id, form_text("alias")), "explore.speaker", speaker_id, "Split off."
    )


@blp.post("/families/<id:family_id>/merge")
@access.writes
def merge_family(family_id: int) -> Response:
    """Merge another family into this one (POST /v1/families/{id}/merge)."""
    return apply(lambda: data.merge_family(family_id, form_id("other_id")), "explore.family", family_id, "Merged.")


@blp.post("/families/<id:family_id>/split")
@access.writes
def split_family(family_id: int) -> Response:
    """Take a quote out into its own family (POST /v1/families/{id}/split)."""
    return apply(lambda: data.split_family(family_id, form_id("quote_id")), "explore.family", family_id, "Split off.")
