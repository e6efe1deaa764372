"""Her settings, as the database holds them. Core tables only at import: `followup add`
reads them, and must map no ORM class."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select, update

from followup_tui.config import CHECKS, SETTING_NAMES, Settings, normalised_setting
from followup_tui.db import tables
from followup_tui.db.rows import Executor
from followup_tui.errors import InputError

if TYPE_CHECKING:
    from followup_tui.db.engine import Database


def load_settings(db: Database) -> Settings:
    with db.engine.connect() as connection:
        return Settings.from_pairs(settings_pairs(connection))


def settings_pairs(executor: Executor) -> dict[str, str]:
    """Her settings; keys starting with "_" are the app's own bookkeeping."""
    key, value = tables.settings.c.key, tables.settings.c.value
    rows = executor.execute(select(key, value).where(~key.startswith("_", autoescape=True)))
    return {row.key: row.value for row in rows}


def save_settings(db: Database, settings: Settings) -> None:
    # The repository maps the ORM classes: imported by the one action that needs it.
    from followup_tui.db import repository as repo

    with db.begin() as session:
        for key, value in settings.as_pairs().items():
            repo.put_setting(session, key, value)
        if settings.consultant_name:
            # Her own record ("me") carries the same name: the two never disagree.
            contacts = tables.contacts
            session.execute(
                update(contacts)
                .where(contacts.c.is_me.is_(True), contacts.c.name != settings.consultant_name)
                .values(name=settings.consultant_name)
            )


def check_setting_name(key: str) -> None:
    if key not in SETTING_NAMES:
        raise InputError(f"unknown setting {key!r}: use one of {', '.join(SETTING_NAMES)}")


def set_setting(db: Database, key: str, value: str) -> None:
    """One setting changed, checked as the settings form checks it; the rest kept."""
    check_setting_name(key)
    error = CHECKS[key](value)
    if error:
        raise InputError(f"{key}: {error}")
    current = load_settings(db)
    save_settings(
        db, Settings.from_pairs({**current.as_pairs(), key: normalised_setting(key, value)})
    )


def stored_value(db: Database, key: str) -> str | None:
    """One of the app's own bookkeeping values (a key starting with "_")."""
    with db.engine.connect() as connection:
        column = tables.settings.c
        return connection.execute(select(column.value).where(column.key == key)).scalar()


def store_value(db: Database, key: str, value: str) -> None:
    assert key.startswith("_"), "bookkeeping keys start with _: they are not her settings"
    with db.engine.begin() as connection:
        connection.execute(delete(tables.settings).where(tables.settings.c.key == key))
        connection.execute(insert(tables.settings).values(key=key, value=value))
