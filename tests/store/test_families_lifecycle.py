"""A family over its life: retractions, corrections that survive re-ingesting, conflicts, canonical choice."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from service.store.articles.models import Quote
from service.store.families.assign import assign_family
from service.store.families.corrections import merge_families, split_quote
from service.store.families.members import refresh_speaker_families, remove_article_quotes, remove_quote
from service.store.families.models import Family, FamilyGram, FamilyPin
from service.store.speakers import merge_speakers
from tests.store import family_rows as rows

pytestmark = pytest.mark.store


def test_delete_article_removes_family_and_rechooses_canonical(session: Session) -> None:
    long = "We will rebuild every school the floods destroyed, and we will do it before the winter comes"
    a1, _, q1, q2 = rows.two_outlets(session, long, "We will rebuild every school the floods destroyed")
    fam = assign_family(session, q1).family
    assert assign_family(session, q2).family.id == fam.id
    assert q2.family_role == "fragment" and q2.covers_start == 0
    remove_article_quotes(session, a1.id)
    session.flush()
    fam2 = session.get(Family, fam.id)
    assert fam2 is not None and fam2.canonical_quote_id == q2.id and fam2.quote_count == 1
    remove_quote(session, q2)
    session.flush()
    assert session.get(Family, fam.id) is None
    assert session.scalars(select(FamilyGram).where(FamilyGram.family_id == fam.id)).first() is None


def test_split_survives_reingestion(session: Session) -> None:
    t1 = "The budget will protect pensions and it will not raise taxes on working families"
    t2 = "The budget will protect pensions and it will not raise taxes on hard-working families"
    _, a2, q1, q2 = rows.two_outlets(session, t1, t2)
    fam = assign_family(session, q1).family
    assert assign_family(session, q2).family.id == fam.id
    split = split_quote(session, q2.id)
    assert split.id != fam.id and q2.family_id == split.id
    # Re-extraction: the article's quotes are removed and stored again with new ids.
    remove_article_quotes(session, a2.id)
    session.execute(delete(Quote).where(Quote.article_id == a2.id))
    q2b = rows.quote(session, a2, t2)
    fam_b = assign_family(session, q2b).family
    assert fam_b.id != q1.family_id
    assert session.scalars(select(FamilyPin).where(FamilyPin.article_id == a2.id)).one().family_id == fam_b.id


def test_merge_survives_reingestion(session: Session) -> None:
    t1 = "Our hospitals are full and our nurses are exhausted after two years of this"
    t2 = "We cannot keep asking the same people to carry the whole health service"
    _, a2, q1, q2 = rows.two_outlets(session, t1, t2)
    f1, f2 = assign_family(session, q1).family, assign_family(session, q2).family
    assert f1.id != f2.id
    merged = merge_families(session, f1.id, f2.id)
    assert q2.family_id == merged.id == f1.id
    remove_article_quotes(session, a2.id)
    session.execute(delete(Quote).where(Quote.article_id == a2.id))
    q2b = rows.quote(session, a2, t2)
    assert assign_family(session, q2b).family.id == f1.id


def test_attribution_conflict_and_speakers(session: Session) -> None:
    s1, s2 = rows.speaker(session, "Ann Lee"), rows.speaker(session, "Bob Roe")
    a1, a2, a3 = rows.articles(session, "one", "two", "three")
    words = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    f1 = assign_family(session, rows.quote(session, a1, words, speaker=s1)).family
    # Same words, another speaker: one family, flagged.
    assert assign_family(session, rows.quote(session, a2, words + ".", speaker=s2)).family.id == f1.id
    assert f1.attribution_conflict
    # A short stock phrase from another speaker is a different remark.
    g1 = assign_family(session, rows.quote(session, a1, "we will never give up", speaker=s1)).family
    g2 = assign_family(session, rows.quote(session, a3, "We will never give up!", speaker=s2)).family
    assert g1.id != g2.id


def test_meaning_change_flagged(session: Session) -> None:
    # One outlet each: the earlier published wording leads.
    a1, a2 = rows.article(session, "one", "a1", 26), rows.article(session, "two", "a2", 27)
    f = assign_family(
        session, rows.quote(session, a1, "We will send 500,000 doses of the vaccine to the region this month")
    ).family
    q = rows.quote(session, a2, "We will send 50,000 doses of the vaccine to the region this month")
    assert assign_family(session, q).family.id == f.id
    assert q.meaning_change == ["50,000", "500,000"]


def test_numbers_compare_as_values(session: Session) -> None:
    a1, a2 = rows.articles(session, "one", "two")
    f = assign_family(
        session, rows.quote(session, a1, "We created 2.6million jobs in the last three years alone")
    ).family
    q = rows.quote(session, a2, "We created 2.6 million jobs in the last three years alone")
    assert assign_family(session, q).family.id == f.id and q.meaning_change is None


def test_retracting_the_conflicting_quote_clears_the_conflict(session: Session) -> None:
    ann, bob = rows.speaker(session, "Ann Lee"), rows.speaker(session, "Bob Roe")
    a1, a2, a3 = rows.articles(session, "one", "two", "three")
    words = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    fam = assign_family(session, rows.quote(session, a1, words, speaker=ann)).family
    assign_family(session, rows.quote(session, a2, words, speaker=ann))
    assert not fam.attribution_conflict
    assert assign_family(session, rows.quote(session, a3, words + ".", speaker=bob)).family.id == fam.id
    assert fam.attribution_conflict and rows.report(session, fam.id)["attribution_conflict"]
    remove_article_quotes(session, a3.id)
    assert not fam.attribution_conflict and not rows.report(session, fam.id)["attribution_conflict"]
    assert [s["name"] for s in rows.report(session, fam.id)["speakers"]] == ["Ann Lee"]


def test_correcting_the_speaker_clears_the_conflict(session: Session) -> None:
    ann, other = rows.speaker(session, "Ann Lee"), rows.speaker(session, "A. Lee")
    a1, a2 = rows.articles(session, "one", "two")
    words = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    fam = assign_family(session, rows.quote(session, a1, words, speaker=ann)).family
    assign_family(session, rows.quote(session, a2, words, speaker=other))
    assert fam.attribution_conflict
    merge_speakers(session, other, ann)  # an editor: "A. Lee" is Ann Lee
    refresh_speaker_families(session, [ann])
    assert not fam.attribution_conflict and fam.speaker_id == ann


def test_no_attribution_conflict_within_one_article(session: Session) -> None:
    ann, bob = rows.speaker(session, "Ann Lee"), rows.speaker(session, "Bob Roe")
    a1 = rows.article(session, "one", "a1")
    words = "The port will reopen on Monday once the divers have cleared the channel of wreckage"
    fam = assign_family(session, rows.quote(session, a1, words, speaker=ann)).family
    assert assign_family(session, rows.quote(session, a1, words, speaker=bob)).family.id == fam.id
    assert not fam.attribution_conflict


def test_majority_wording_is_canonical_and_the_misquote_flagged(session: Session) -> None:
    ann = rows.speaker(session, "Ann Lee")
    support = "We support the new agreement on river water with our neighbours"
    arts = [rows.article(session, f"outlet{i}", f"a{i}", 20 + i) for i in range(5)]
    # The negated wording is printed first, so arrival order alone would make it the lead.
    misquote = rows.quote(
        session, arts[0], "We do not support the new agreement on river water with our neighbours", speaker=ann
    )
    fam = assign_family(session, misquote).family
    for art in arts[1:]:
        assert assign_family(session, rows.quote(session, art, support, speaker=ann)).family.id == fam.id
    assert fam.canonical_text == support and fam.canonical_how == "attested"
    assert misquote.meaning_change == ["not"]
    report = rows.report(session, fam.id)
    assert report["canonical"]["outlets"] == 4 and "4" in report["canonical"]["how_explained"]


def test_paraphrase_needs_the_same_identified_speaker(session: Session) -> None:
    ann = rows.speaker(session, "Ann Lee")
    a1, a2, a3 = rows.articles(session, "one", "two", "three")
    said = "We are going to build forty new schools in the northern districts before the next election"
    fam = assign_family(session, rows.quote(session, a1, said, speaker=ann)).family
    told = "the city would build forty new schools in the northern districts soon"
    assert assign_family(session, rows.quote(session, a2, told, "indirect")).family.id != fam.id
    assert assign_family(session, rows.quote(session, a3, told, "indirect", ann)).family.id == fam.id


def test_stock_phrase_and_one_word_partials_stay_apart(session: Session) -> None:
    a1, a2 = rows.articles(session, "one", "two")
    f1 = assign_family(session, rows.quote(session, a1, "by the end of the year", "partial")).family
    f2 = assign_family(session, rows.quote(session, a2, "By the end of the year", "partial")).family
    # Identical boilerplate from unknown speakers is not evidence of one remark.
    assert f1.id != f2.id
    g1 = assign_family(session, rows.quote(session, a1, "quickly", "partial")).family
    g2 = assign_family(session, rows.quote(session, a2, "quickly", "partial")).family
    assert g1.id != g2.id
    # Not even from one speaker: a single word is not one remark.
    biden = rows.speaker(session, "Joe Biden")
    h1 = assign_family(
        session, rows.quote(session, a1, "that the US will send vaccines “quickly”", "partial", biden)
    ).family
    h2 = assign_family(session, rows.quote(session, a2, "they will be there “quickly”", "partial", biden)).family
    assert h1.id != h2.id
