"""Checks on what a person types: one clear sentence when it is wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from followup_tui.domain.model import Kind, Level
from followup_tui.errors import InputError
from followup_tui.safe_text import has_controls

MAX_NAME = 200
MAX_SEARCH = 200
"""Characters a search takes: the shell refuses more, the app's search box holds no more."""


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("a name is needed")
    if len(cleaned) > MAX_NAME:
        raise InputError(f"a name is at most {MAX_NAME} characters")
    if has_controls(cleaned):
        # ESC, C1, DEL or a bidi override: what a terminal would obey (safe_text.py).
        # An imported row with one is refused with this reason, as other bad rows are.
        raise InputError("a name cannot hold control or text-direction characters")
    return cleaned


def parse_kind(text: str) -> Kind:
    try:
        return Kind(text.strip().lower())
    except ValueError:
        choices = ", ".join(k.value for k in Kind)
        raise InputError(f"unknown kind {text!r}: use one of {choices}") from None


def parse_level(text: str) -> Level:
    try:
        return Level(text.strip().lower())
    except ValueError:
        choices = ", ".join(level.value for level in Level)
        raise InputError(f"unknown team level {text!r}: use one of {choices}") from None


def normalise_phone(text: str, region: str = "US") -> str:
    """The number in international form (+15551234567), or InputError."""
    from followup_tui.domain.phones import plain_us_e164

    if (plain := plain_us_e164(text, region)) is not None:
        return plain
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InputError(f"{text!r} is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        local = phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY
        if phonenumbers.is_possible_number_with_reason(number) == local:
            # A number as dialled locally ("555-0199"): what is missing is said.
            raise InputError(f"{text!r} needs its area code")
        raise InputError(f"{text!r} is not a valid phone number for {region}")
    formatted: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return formatted


def normalise_email(text: str) -> str:
    if (plain := _plain_email(text.strip())) is not None:
        return plain
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError as exc:  # its wording is long; ours fits beside the field
        raise InputError(f"{text!r} is not an email address") from exc
    normalized: str = result.normalized
    return normalized


_PLAIN_EMAIL = re.compile(
    r"([A-Za-z0-9_!#$%&'*+/=?^`{|}~-]+(?:\.[A-Za-z0-9_!#$%&'*+/=?^`{|}~-]+)*)@([A-Za-z0-9.-]+)"
)
"""An ASCII dot-atom before the @ (kept as typed) and an ASCII host name after it."""
_MAX_EMAIL = 254


def _plain_email(text: str) -> str | None:
    """`text` as email_validator normalises it, when it is a plain ASCII address: the part
    before the @ as typed, the domain as the validator gives it (checked once a domain:
    idna per character was 0.75 s of an import of 10,000 rows); None for anything else,
    which the validator reads whole."""
    plain = _PLAIN_EMAIL.fullmatch(text)
    if plain is None:
        return None
    local, domain = plain.groups()
    if local.lower() in _case_insensitive_mailboxes():
        return None  # the validator lower-cases "Postmaster" and its kind
    checked = _checked_domain(domain)
    if checked is None:
        return None
    normal, ascii_domain = checked
    address = local + "@" + normal
    # The validator's own limit, on each form it checks, in UTF-8 bytes.
    longest = max(len(text), len(address.encode()), len(local) + 1 + len(ascii_domain))
    return address if longest <= _MAX_EMAIL else None


@lru_cache(maxsize=1)
def _case_insensitive_mailboxes() -> frozenset[str]:
    """RFC 2142's mailbox names ("postmaster"), which email_validator lower-cases."""
    from email_validator.rfc_constants import CASE_INSENSITIVE_MAILBOX_NAMES

    return frozenset(CASE_INSENSITIVE_MAILBOX_NAMES)


@lru_cache(maxsize=4096)
def _checked_domain(domain: str) -> tuple[str, str] | None:
    """The domain and its ASCII form as email_validator gives them, or None when it
    refuses the domain (the whole address is then read by it, for its own reason)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email("a@" + domain, check_deliverability=False)
    except EmailNotValidError:
        return None
    return result.domain, result.ascii_domain


def parse_fact(text: str) -> tuple[str, str]:
    """`perfume=Chanel No 5` (or `perfume: Chanel No 5`) -> ("perfume", "Chanel No 5")."""
    for separator in ("=", ":"):
        if separator in text:
            key, value = text.split(separator, 1)
            key, value = key.strip().lower(), value.strip()
            if key and value:
                return key, value
    raise InputError(f"{text!r} is not a fact: write KEY=VALUE, e.g. perfume=Chanel No 5")


def parse_facts_line(text: str) -> list[tuple[str, str]]:
    """`perfume: Chanel No 5, kids: 2 (Emma 6), job: nurse` -> three facts.

    A comma only starts a new fact when a `key:` follows it, so values may hold commas.
    """
    facts: list[tuple[str, str]] = []
    for part in _split_facts(text):
        try:
            facts.append(parse_fact(part))
        except InputError:
            # The form's own syntax, short enough for the one line beside the field.
            raise InputError(
                f"{_clipped(part)} is not a fact: write key: value, e.g. job: nurse"
            ) from None
    return facts


def _clipped(text: str, cells: int = 18) -> str:
    """`text` quoted, cut to `cells` terminal cells (wide characters count as two)."""
    from rich.cells import cell_len, set_cell_size

    shown = repr(text)
    if cell_len(shown) <= cells:
        return shown
    return set_cell_size(shown, cells - 2) + "…" + shown[-1]


def _split_facts(text: str) -> list[str]:
    pieces = re.split(r",\s*(?=[\w][\w \-]{0,40}:)", text.strip())
    return [p for p in (piece.strip() for piece in pieces) if p]


@dataclass(frozen=True)
class FactsLine:
    """A facts line as the quick-add form keeps it: nothing typed is refused."""

    facts: tuple[tuple[str, str], ...] = ()
    loose: tuple[str, ...] = ()
    """What names no fact ("likes hiking"): kept as a note."""

    @property
    def note(self) -> str | None:
        return ", ".join(self.loose) or None


def read_facts_line(text: str) -> FactsLine:
    """`perfume: Chanel No 5, nurse, 2 kids, likes hiking` -> perfume, job: nurse and
    kids: 2 as facts, "likes hiking" as a note.

    Parts with a `key:` are facts as parse_facts_line reads them (the value runs to the
    next `key:`, commas and all). The words before any key are split at commas; each is
    a fact when its words say which (guess_fact), else kept as a note."""
    facts: list[tuple[str, str]] = []
    loose: list[str] = []
    for part in _split_facts(text):
        try:
            facts.append(parse_fact(part))
            continue
        except InputError:
            pass
        for piece in _split_outside_brackets(part):
            words = " ".join(piece.split())
            if not words:
                continue
            guessed = guess_fact(words)
            if guessed is None:
                loose.append(words)
            else:
                facts.append(guessed)
    return FactsLine(tuple(facts), tuple(loose))


def _split_outside_brackets(text: str) -> list[str]:
    """`text` split at its commas, but not those in brackets: "2 kids (Emma 6, Leo 3)"
    stays whole."""
    pieces: list[str] = []
    depth = start = 0
    for at, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch == "," and not depth:
            pieces.append(text[start:at])
            start = at + 1
    pieces.append(text[start:])
    return pieces


_JOB_WORDS = """\
accountant assistant baker banker barista cashier chef cleaner coach consultant cook
designer developer dentist doctor electrician engineer esthetician farmer firefighter
hairdresser homemaker hygienist lawyer librarian manager mechanic midwife nanny nurse
paramedic pharmacist photographer physician plumber realtor receptionist retired
secretary student stylist teacher therapist trainer vet veterinarian waiter waitress
writer"""
JOBS = frozenset(_JOB_WORDS.split())
"""Words that say a job when typed alone ("nurse", "a retired teacher")."""

NUMBER_WORDS = {"no": "none", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
KIDS = re.compile(
    r"(?:has\s+)?(?P<count>\d{1,2}|no|one|two|three|four|five)\s+(?:kids?|children|child)\b"
    r"\s*(?P<rest>\(.*\))?",
    re.IGNORECASE,
)
JOB = re.compile(r"(?:works\s+as\s+|is\s+)?(?:an?\s+)?(?P<job>.+)", re.IGNORECASE)
MAX_JOB_WORDS = 3


def guess_fact(words: str) -> tuple[str, str] | None:
    """A fact the words name without a key, or None: "2 kids (Emma 6)" -> kids: 2
    (Emma 6); "nurse", "a school teacher", "works as a nurse" -> job. Only these two,
    which a consultant types most; anything else is hers to key."""
    kids = KIDS.fullmatch(words)
    if kids:
        count = kids["count"].lower()
        value = NUMBER_WORDS.get(count, count)
        rest = (kids["rest"] or "").strip()
        return "kids", f"{value} {rest}" if rest else value
    job = JOB.fullmatch(words)
    if job:
        said = job["job"].strip()
        named = said.split()
        if len(named) <= MAX_JOB_WORDS and named[-1].lower().rstrip(".") in JOBS:
            return "job", said
    return None
