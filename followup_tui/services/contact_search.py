"""What a search of the contacts looks through: every contact's text (domain.finding),
read once from SQL, held folded, and kept between opens of the contacts screen while
the book has not changed."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from followup_tui.db.engine import Database

if TYPE_CHECKING:
    from followup_tui.db.watch import ChangeProbe
    from followup_tui.domain.finding import BookIndex

ROWS_PER_QUERY = 500
"""Contacts read by id in one statement (SQLite's limit on parameters is far above)."""
TEXTS_KEPT = 2000
"""Texts of rows shown kept for the next keys (~0.5 MB), then forgotten together."""


@dataclass
class SearchBook:
    """What a search looks through, a row a contact in the book's order (by name), and
    each row's contact id: the lines shown are read by id, a window at a time."""

    ids: array[int]
    index: BookIndex
    probe: ChangeProbe | None = None
    """Tells whether the book has changed since it was read (db/watch.py)."""
    version: int | None = None
    """The probe's number when the book was read."""
    longest: dict[str, int] = field(default_factory=dict)
    """The most characters of any name, phone and email: the list's widths, while the
    book is unchanged (contact_views.contact_window reads them otherwise)."""

    def is_current(self) -> bool:
        """Nothing committed since it was read: the next open may search it again. A
        number that could not be read (None) vouches for nothing."""
        probe = self.probe  # once: another thread's close() may set it to None
        return probe is not None and self.version is not None and probe.version() == self.version

    def close(self) -> None:
        if self.probe is not None:
            self.probe.close()
            self.probe = None


def _field(column: str, tag: int) -> str:
    """One field of a contact's text in SQL (domain.finding.text_of): SEP, its tag, the
    text with any SEP in it made a space."""
    return f"char(31, {tag}) || replace(coalesce({column}, ''), char(31), ' ')"


TEXT = f"""
    {_field("c.name", 1)} || {_field("c.phone", 2)} || {_field("c.email", 3)}
    || {_field("c.met_at", 4)} || {_field("c.kind || coalesce(' · ' || c.team_level, '')", 5)}
    || coalesce((
        SELECT group_concat({_field("f.key || ': ' || f.value", 6)}, '')
        FROM facts f WHERE f.contact_id = c.id
    ), '')
    || coalesce((
        SELECT group_concat({_field("n.body", 7)}, '') FROM (
            SELECT body FROM notes n WHERE n.contact_id = c.id
            ORDER BY n.written_on DESC, n.id DESC
        ) n
    ), '')
"""
"""A contact's text, made by SQLite: in Python it took twice as long."""
SEARCHABLE = (
    f"SELECT c.id, c.name, c.kind, c.phone, length(c.email), {TEXT}"
    " FROM contacts c ORDER BY +c.name, c.id"
)
"""Every contact, by name. `+c.name`: read whole, the table in its own order and then
sorted is twice as fast as walking ix_contacts_name (a seek a row: 0.95 s, not 0.53)."""
LOGGED = (
    "SELECT contact_id, note, occurred_on, id FROM outcomes WHERE note IS NOT NULL AND note != ''"
)


def _logged_notes(raw: Any, where: str = "", parameters: Sequence[int] = ()) -> dict[int, str]:
    """Each contact's notes logged with outcomes, as the end of her text. Few outcomes
    carry a note; ordered here, as ordering in SQL walks the index on occurred_on over
    every outcome (100,000 contacts: 2 s, not 0.1 s)."""
    from followup_tui.domain.finding import SEP, Field

    logged = raw.execute(LOGGED + where, tuple(parameters)).fetchall()
    ends: dict[int, str] = {}
    for cid, note, _, _ in sorted(logged, key=lambda row: (row[2], row[3]), reverse=True):
        ends[cid] = ends.get(cid, "") + f"{SEP}{Field.NOTE.value}{note.replace(SEP, ' ')}"
    return ends


def texts_of(db: Database, contact_ids: Sequence[int]) -> list[str]:
    """The text of each of these contacts (domain.finding.text_of), in their order ("" for
    one no longer in the book): the index holds the folded texts only, and the words
    shown come from these."""
    texts: dict[int, str] = {}
    with db.read() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        for start in range(0, len(contact_ids), ROWS_PER_QUERY):
            chunk = list(contact_ids[start : start + ROWS_PER_QUERY])
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT c.id, {TEXT} FROM contacts c WHERE c.id IN ({marks})"
            texts.update(raw.execute(sql, chunk).fetchall())
            ends = _logged_notes(raw, f" AND contact_id IN ({marks})", chunk)
            for cid, end in ends.items():
                texts[cid] += end
    # A contact forgotten since the book was read has no text: nothing to show of her.
    return [texts.get(cid, "") for cid in contact_ids]


def searchable(db: Database, probe: ChangeProbe | None = None) -> SearchBook:
    """Every contact's text (her facts and notes, those logged with outcomes too), read
    once for a search that then runs in memory: at 100,000 contacts a LIKE over contacts,
    facts and notes took ~50 ms a keystroke. Straight from the driver, a row at a time:
    only the folded texts are held (the index reads the words shown again, by id).
    `probe`: kept in the book, to tell later whether it is still the book's."""
    from followup_tui.domain.finding import BookIndex
    from followup_tui.services.settings import load_settings

    region = load_settings(db).phone_region
    # Read before the rows: a commit while they are read shows as a change.
    version = probe.version() if probe is not None else None
    ids: array[int] = array("q")
    longest = {"name": 0, "phone": 0, "email": 0}
    names: list[str] = []
    kinds: list[str] = []
    phones: list[str | None] = []
    with db.read() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        ends = _logged_notes(raw)

        def texts() -> Iterator[str]:
            # A row at a time, into the index's lists: never every row at once.
            for cid, name, kind, phone, email, text in raw.execute(SEARCHABLE):
                longest["name"] = max(longest["name"], len(name))
                longest["phone"] = max(longest["phone"], len(phone or ""))
                longest["email"] = max(longest["email"], email or 0)
                ids.append(cid)
                names.append(name)
                kinds.append(kind)
                phones.append(phone)
                yield text + ends[cid] if cid in ends else text

        read: dict[int, str] = {}
        """Texts read for rows shown: typing on shows many of them again."""

        def originals(rows: Sequence[int]) -> list[str]:
            wanted = [ids[row] for row in rows]
            # Two searches' threads may meet here: a text is got, never assumed present.
            texts = {cid: text for cid in wanted if (text := read.get(cid)) is not None}
            missing = [cid for cid in wanted if cid not in texts]
            if missing:
                fresh = dict(zip(missing, texts_of(db, missing), strict=True))
                if len(read) > TEXTS_KEPT:
                    read.clear()
                read.update(fresh)
                texts |= fresh
            return [texts[cid] for cid in wanted]

        # BookIndex reads the texts first: names, kinds and phones are whole by then.
        index = BookIndex(names, kinds, phones, texts(), region, originals=originals)
    return SearchBook(ids, index, probe, version, longest)
