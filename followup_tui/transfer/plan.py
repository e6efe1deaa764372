"""What an import will do, row by row, decided before anything is written.

Pure: the rows found in a file and the contacts already in the book go in; a plan of
adds, merges, skips and rejections comes out. The preview shows it, services writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from followup_tui.domain.model import Kind, Level
from followup_tui.domain.when import EARLIEST, LATEST
from followup_tui.errors import InputError
from followup_tui.transfer.matching import WORD as WORD  # re-exported: adding uses them
from followup_tui.transfer.matching import Index, name_keys
from followup_tui.transfer.matching import Known as Known
from followup_tui.transfer.matching import Match as Match
from followup_tui.transfer.matching import find_match as find_match
from followup_tui.transfer.records import Found, FoundContact, Unreadable
from followup_tui.validation import (
    clean_name,
    normalise_email,
    normalise_phone,
    parse_kind,
    parse_level,
)

MAX_FACT_KEY = 80


class OnDuplicate(StrEnum):
    SKIP = "skip"
    MERGE = "merge"
    ADD = "add"


class Action(StrEnum):
    ADD = "add"
    MERGE = "merge"
    SKIP = "skip"
    REJECT = "reject"


@dataclass
class Incoming:
    """A contact as it will be stored: checked, normalised, facts gathered."""

    name: str
    kind: Kind
    level: Level | None = None
    phone: str | None = None
    email: str | None = None
    met_at: str | None = None
    met_on: date | None = None
    facts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    discreet: bool = False
    do_not_contact: bool = False


@dataclass
class Step:
    where: str
    action: Action
    name: str
    incoming: Incoming | None = None
    target_id: int | None = None
    """The contact merged into, or the one this row duplicates."""
    target_name: str = ""
    reason: str = ""
    kind_from_file: bool = True


@dataclass(frozen=True)
class Basis:
    """What a plan was made from, so it can be made again against a book that changed
    between the preview and the write (another window, a second import of the file)."""

    found: list[Found]
    known: list[Known]
    default_kind: Kind
    region: str
    on_duplicate: OnDuplicate
    stamp: object = None
    """What the service knew the book by when `known` was read: the same at the write
    means the book is as it was (services/transfer.book_stamp); None: compare `known`."""


@dataclass
class ImportPlan:
    steps: list[Step]
    basis: Basis | None = None

    def count(self, action: Action) -> int:
        return sum(1 for step in self.steps if step.action is action)

    @property
    def writes(self) -> list[Step]:
        return [s for s in self.steps if s.action in (Action.ADD, Action.MERGE)]

    def summary(self) -> str:
        return (
            f"{self.count(Action.ADD)} added, {self.count(Action.MERGE)} merged, "
            f"{self.count(Action.SKIP)} skipped, {self.count(Action.REJECT)} rejected"
        )


def plan_import(
    found: Iterable[Found],
    known: Sequence[Known],
    *,
    default_kind: Kind = Kind.CIRCLE,
    region: str = "US",
    on_duplicate: OnDuplicate = OnDuplicate.SKIP,
) -> ImportPlan:
    items = list(found)
    basis = Basis(items, list(known), default_kind, region, on_duplicate)
    checked = _check_all(items, default_kind, region)
    # Only the name keys the file's rows have are kept of the book's 100,000 names.
    wanted = {
        key for result in checked if isinstance(result, tuple) for key in name_keys(result[0].name)
    }
    index = Index(known, wanted)
    steps: list[Step] = []
    # Rows added earlier in the same file are duplicates' targets too, by position.
    planned: dict[int, Step] = {}
    for item, result in zip(items, checked, strict=True):
        if isinstance(item, Unreadable) or result is None:
            reason = item.reason if isinstance(item, Unreadable) else "unreadable"
            steps.append(Step(item.where, Action.REJECT, "", reason=reason))
            continue
        if isinstance(result, str):
            steps.append(Step(item.where, Action.REJECT, item.name.strip(), reason=result))
            continue
        incoming, kind_from_file = result
        match = index.match(incoming.name, incoming.phone, incoming.email)
        if match is None or on_duplicate is OnDuplicate.ADD:
            step = Step(
                item.where, Action.ADD, incoming.name, incoming, kind_from_file=kind_from_file
            )
            if match is not None:
                step.reason = f"added although like {match.label}"
            steps.append(step)
            planned[index.add(incoming.name, incoming.phone, incoming.email)] = step
            continue
        if on_duplicate is OnDuplicate.SKIP:
            steps.append(
                Step(
                    item.where,
                    Action.SKIP,
                    incoming.name,
                    target_id=match.contact_id,
                    target_name=match.name,
                    reason=f"already there: {match.label} ({match.why})",
                )
            )
            continue
        if match.contact_id is None:
            # The same person twice in one file: fold this row into the first one.
            first = planned[match.slot]
            assert first.incoming is not None
            first.incoming = merge_incoming(first.incoming, incoming)
            steps.append(
                Step(
                    item.where,
                    Action.MERGE,
                    incoming.name,
                    target_name=match.name,
                    reason=f"merged into {match.label} ({match.why})",
                )
            )
            continue
        steps.append(
            Step(
                item.where,
                Action.MERGE,
                incoming.name,
                incoming,
                target_id=match.contact_id,
                target_name=match.name,
                reason=f"merged into {match.label} ({match.why})",
            )
        )
    return ImportPlan(steps, basis)


def replanned(plan: ImportPlan, known: list[Known]) -> ImportPlan:
    """The plan as it stands against `known` (the book now): the same plan when the book
    is as it was, else made again from the same rows and choices."""
    basis = plan.basis
    if basis is None or basis.known == known:
        return plan
    return plan_import(
        basis.found,
        known,
        default_kind=basis.default_kind,
        region=basis.region,
        on_duplicate=basis.on_duplicate,
    )


Checked = tuple[Incoming, bool] | str | None
"""A row as it will be stored (and whether the file gave its kind), why it is refused,
or None for a row the reader could not read."""


def _check_all(items: list[Found], default_kind: Kind, region: str) -> list[Checked]:
    # One process: forking to check phones on both cores cost as much as it saved
    # (measured: 0.75 s alone, 0.85 s on two).
    return _check_chunk(items, default_kind, region)


def _check_chunk(items: list[Found], default_kind: Kind, region: str) -> list[Checked]:
    results: list[Checked] = []
    for item in items:
        if isinstance(item, Unreadable):
            results.append(None)
            continue
        try:
            results.append(check(item, default_kind, region))
        except InputError as exc:
            results.append(str(exc))
    return results


def check(found: FoundContact, default_kind: Kind, region: str) -> tuple[Incoming, bool]:
    """The row as it will be stored, or InputError naming what is wrong with it."""
    name = clean_name(found.name) if found.name.strip() else ""
    if not name:
        raise InputError("no name")
    facts: list[tuple[str, str]] = []
    kind = parse_kind(found.kind) if found.kind else None
    level: Level | None = None
    if found.level:
        try:
            level = parse_level(found.level)
        except InputError:
            facts.append(("team level", found.level))
        if level is not None and kind not in (None, Kind.TEAM):
            facts.append(("team level", level.value))
            level = None
        elif level is not None:
            kind = Kind.TEAM
    phones = [(label, normalise_phone(number, region)) for label, number in found.phones]
    emails = [(label, normalise_email(address)) for label, address in found.emails]
    for label, number in phones[1:]:
        facts.append((_labelled("phone", label), number))
    for label, address in emails[1:]:
        facts.append((_labelled("email", label), address))
    met_on = None
    if found.met_on:
        try:
            met_on = date.fromisoformat(found.met_on.strip())
        except ValueError:
            facts.append(("met on", found.met_on))
        if met_on is not None and not EARLIEST <= met_on <= LATEST:
            # 9999-12-31 overflowed the first call's date: kept as words, as any date
            # that is not one (1900-2200, as typed dates).
            met_on = None
            facts.append(("met on", found.met_on))
    facts.extend(found.facts)
    if found.tags:
        facts.append(("tags", ", ".join(found.tags)))
    incoming = Incoming(
        name=name,
        kind=kind or default_kind,
        level=level,
        phone=phones[0][1] if phones else None,
        email=emails[0][1] if emails else None,
        met_at=" ".join(found.met_at.split()) if found.met_at else None,
        met_on=met_on,
        facts=clean_facts(facts),
        notes=[n.replace("\r\n", "\n").strip() for n in found.notes if n.strip()],
        discreet=found.discreet,
        do_not_contact=found.do_not_contact,
    )
    return incoming, kind is not None


def _labelled(what: str, label: str) -> str:
    words = label.replace(what, "").replace("e-mail", "").strip(" -:")
    return f"{what} ({words})" if words else what


def clean_facts(facts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Keys lower-case, at most 80 characters, no '='; one value per key ("address 2")."""
    cleaned: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    values: dict[str, set[str]] = {}
    """Every value kept under a key and its numbered forms ("address", "address 2")."""
    for raw_key, raw_value in facts:
        key = " ".join(raw_key.replace("=", " ").split()).lower()[:MAX_FACT_KEY] or "fact"
        value = raw_value.strip()
        family = re.sub(r" \d+$", "", key)
        if not value or value in values.setdefault(family, set()):
            continue
        values[family].add(value)
        base, n = key, 2
        while key in seen:
            key, n = f"{base[: MAX_FACT_KEY - 4]} {n}", n + 1
        seen[key] = value
        cleaned.append((key, value))
    return cleaned


def merge_incoming(first: Incoming, later: Incoming) -> Incoming:
    """Two rows for one person: the first row's fields win, the gaps are filled."""
    facts = list(first.facts)
    have = dict(first.facts)
    for key, value in later.facts:
        if have.get(key) != value:
            facts.append((key, value))
    if later.phone and first.phone and later.phone != first.phone:
        facts.append(("phone", later.phone))
    if later.email and first.email and later.email != first.email:
        facts.append(("email", later.email))
    return replace(
        first,
        phone=first.phone or later.phone,
        email=first.email or later.email,
        met_at=first.met_at or later.met_at,
        met_on=first.met_on or later.met_on,
        facts=clean_facts(facts),
        notes=first.notes + [n for n in later.notes if n not in first.notes],
        discreet=first.discreet or later.discreet,
        do_not_contact=first.do_not_contact or later.do_not_contact,
    )
