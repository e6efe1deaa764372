"""Her settings, as the database holds them. Core tables only at import: `followup add`
reads them, and must map no ORM class."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from followup_tui.config import Settings
from followup_tui.db import tables
from followup_tui.db.rows import Executor

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
