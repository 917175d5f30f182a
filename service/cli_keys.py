"""``quotes keys``: create, list and revoke API keys, and the local development key."""

from __future__ import annotations

import os
from pathlib import Path

import click

from service.config import Config
from service.store.access.keys import SCOPES
from service.store.base import MAX_ID


@click.group()
def keys() -> None:
    """API keys."""


@keys.command("create")
@click.option("--scope", "scopes", multiple=True, required=True, type=click.Choice(SCOPES))
@click.option("--name", default="cli", show_default=True, help="Who or what the key is for.")
@click.option("--expires-in-days", type=click.IntRange(1, 36500), default=None, help="Stop working after N days.")
def keys_create(scopes: tuple[str, ...], name: str, expires_in_days: int | None) -> None:
    """Create an API key and print it; it is shown only this once."""
    from datetime import timedelta

    from service.store.access.keys import create_key
    from service.store.base import utcnow
    from service.store.db import Database

    expires = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
    with Database(Config().DATABASE_URL).transaction() as session:
        key, token = create_key(session, name, list(scopes), expires)
        click.echo(f"key {key.id} ({key.scopes}): {token}")


@keys.command("list")
def keys_list() -> None:
    """List every key: id, prefix, scopes, name, expiry, revocation and last use."""
    from service.store.access.keys import list_keys
    from service.store.db import Database

    with Database(Config().DATABASE_URL).sessions() as session:
        for k in list_keys(session):
            dates = [
                f"{label} {when:%Y-%m-%d %H:%M}"
                for label, when in (("expires", k.expires_at), ("revoked", k.revoked_at), ("used", k.last_used_at))
                if when
            ]
            click.echo("\t".join([str(k.id), k.prefix, k.scopes, k.name, ", ".join(dates) or "-"]))


@keys.command("revoke")
@click.argument("key_id", type=click.IntRange(1, MAX_ID))
def keys_revoke(key_id: int) -> None:
    """Revoke a key at once and for good."""
    from service.store.access.keys import revoke_key
    from service.store.db import Database

    with Database(Config().DATABASE_URL).transaction() as session:
        if revoke_key(session, key_id) is None:
            raise click.ClickException(f"there is no key {key_id}")
    click.echo(f"key {key_id} revoked")


@keys.command("dev")
def keys_dev() -> None:
    """Print the local development key (read, write, admin), creating it on first use."""
    from service.store.access.keys import create_key, find_key
    from service.store.db import Database

    cfg = Config()
    path = Path(os.environ.get("QUOTES_VAR_DIR", "var")) / "dev-api-key"
    with Database(cfg.DATABASE_URL).transaction() as session:
        token = path.read_text().strip() if path.exists() else ""
        if not token or find_key(session, token) is None:
            _, token = create_key(session, "local development", ["read", "write", "admin"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(token + "\n")
            path.chmod(0o600)
    click.echo(f"Development API key (also in {path}):\n  export QUOTES_KEY={token}")
