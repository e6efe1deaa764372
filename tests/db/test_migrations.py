"""Migrations: one head, matching the models, and no child row lost on the way."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from followup_tui.db import engine, revisions
from followup_tui.db.engine import Database, open_database
from followup_tui.db.models import Base
from followup_tui.db.revisions import HEAD_REVISION, MIGRATIONS

from .conftest import row_counts, url

CHILD_TABLES = ("facts", "notes", "kind_changes", "orders", "order_lines", "runs", "touches")

REBUILD_CONTACTS = '''"""rebuild contacts, as a batch migration on SQLite does

Revision ID: 9001
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Copy contacts to a new table and drop the old one: every child row points at it.
    with op.batch_alter_table("contacts", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("nickname", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.drop_column("nickname")
'''


def script_directory(location: Path) -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(location))
    return ScriptDirectory.from_config(config)


def test_head_revision_is_alembics_head() -> None:
    assert script_directory(MIGRATIONS).get_heads() == [HEAD_REVISION]


def test_every_migration_file_is_known_by_its_revision() -> None:
    for script in script_directory(MIGRATIONS).walk_revisions():
        assert revisions.known_revision(script.revision), script.revision


def test_upgraded_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_partial_index_keeps_its_where_clause(db_file: Path, db: Database) -> None:
    # compare_metadata does not look at sqlite_where: check the index as SQLite stores it.
    with closing(sqlite3.connect(db_file)) as connection:
        [(sql,)] = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_touches_pending_order'"
        ).fetchall()
    assert "WHERE status = 'pending'" in sql


def test_upgrade_at_head_keeps_every_row(
    db: Database, db_file: Path, filled: dict[str, int]
) -> None:
    # GIVEN a filled database at head
    before = row_counts(db_file)
    assert all(before[table] for table in CHILD_TABLES), before

    # WHEN the migrations are run on it again, directly and through open_database
    with db.engine.connect() as connection:
        engine.upgrade(connection)
        connection.commit()
    db.dispose()
    open_database(url(db_file)).dispose()

    # THEN every row is still there
    assert row_counts(db_file) == before


def test_upgrade_at_head_leaves_foreign_keys_on(db: Database, filled: dict[str, int]) -> None:
    with db.engine.connect() as connection:
        engine.upgrade(connection)
        connection.commit()
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.fixture
def newer_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Our migrations plus a 9001 that rebuilds contacts, installed as the app's own."""
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    migration = REBUILD_CONTACTS.format(head=HEAD_REVISION)
    (location / "versions" / "9001_rebuild_contacts.py").write_text(migration)
    monkeypatch.setattr(revisions, "MIGRATIONS", location)
    monkeypatch.setattr(revisions, "HEAD_REVISION", "9001")
    return location


def test_batch_migration_keeps_every_child_row(
    db: Database, db_file: Path, filled: dict[str, int], newer_migrations: Path
) -> None:
    # GIVEN a filled database, one revision behind
    db.dispose()
    before = row_counts(db_file)

    # WHEN the app opens it and rebuilds contacts (copy, drop, rename)
    upgraded = open_database(url(db_file))
    upgraded.dispose()

    # THEN no ON DELETE CASCADE fired: every row survived, and every reference holds
    assert row_counts(db_file) == before
    with closing(sqlite3.connect(db_file)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("9001",)
        ]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        columns = {row[1] for row in connection.execute("PRAGMA table_info(contacts)")}
    assert "nickname" in columns


def test_batch_migration_leaves_foreign_keys_on(
    db: Database, db_file: Path, filled: dict[str, int], newer_migrations: Path
) -> None:
    db.dispose()

    upgraded = open_database(url(db_file))
    try:
        with upgraded.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        upgraded.dispose()


def test_a_database_from_the_first_release_upgrades_with_nothing_lost(tmp_path: Path) -> None:
    # GIVEN a database made by migration 0001 (kept as a fixture), with demo data
    fixture = Path(__file__).parent.parent / "fixtures" / "followup-0001.db"
    path = tmp_path / "old.db"
    shutil.copyfile(fixture, path)
    before = row_counts(path)
    with closing(sqlite3.connect(path)) as connection:
        [(welcoming,)] = connection.execute(
            "SELECT count(*) FROM runs WHERE playbook = 'new-customer' AND status = 'active'"
            " AND reorder_day IS NOT NULL"
        ).fetchall()
    # WHEN today's app opens it
    upgraded = open_database(url(path))
    upgraded.dispose()
    # THEN it is at the newest schema, every row is still there (and one more setting:
    # the signature of the catalogue the products were synced from; and, for each new
    # customer still being welcomed, her reorder call on its own run), prices are known
    assert welcoming > 0
    assert row_counts(path) == before | {
        "settings": before["settings"] + 1,
        "runs": before["runs"] + welcoming,
        "touches": before["touches"] + welcoming,
    }
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        unpriced = connection.execute("SELECT count(*) FROM products WHERE price_cents IS NULL")
        assert unpriced.fetchone() == (0,)
