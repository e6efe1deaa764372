"""Alembic environment: run on the connection the app hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from followup_tui.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("followup-tui runs its migrations itself: use `followup` to upgrade")

# SQLite cannot ALTER most things: batch mode copies the table and drops the old one.
# engine.upgrade turns foreign keys off (the drop would cascade into every child
# row) and wraps everything in one transaction; the result is checked before commit.
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
    broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if broken:
        raise RuntimeError(f"migration left {len(broken)} rows with broken references")
# Foreign keys go back on in engine.upgrade, after the commit (a pragma inside a
# transaction is ignored).
