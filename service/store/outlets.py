"""Outlets, found or created by name or domain."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.store.db import insert_ignore
from service.store.models import Outlet


def outlet_key(name: str) -> str:
    """Return the identity of an outlet given as a name, a domain or a URL."""
    raw = name.strip().lower()
    if "://" in raw:
        raw = urlsplit(raw).hostname or raw
    raw = re.sub(r"^www\.", "", raw)
    return re.sub(r"\s+", " ", raw)


def get_or_create_outlet(session: Session, name: str) -> Outlet:
    """Return the outlet called ``name``, creating it once even under concurrent ingestion."""
    key = outlet_key(name)
    insert_ignore(session, Outlet, {"name": name.strip(), "key": key}, conflict=["key"])
    outlet = session.scalars(select(Outlet).where(Outlet.key == key)).one()
    return outlet
