"""What an import will do, row by row, before anything is written.

plan_import is pure: what the readers found and the contacts already in the book go in,
adds, merges, skips and rejections come out, each with the line or card she can look
up and a reason in words. Also here: the spreadsheet-formula guard in transfer.text and
the spreading of imported contacts' first calls.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup_tui.domain.model import Kind, Level
from followup_tui.transfer.plan import (
    Action,
    ImportPlan,
    Incoming,
    Known,
    OnDuplicate,
    Step,
    clean_facts,
    plan_import,
)
from followup_tui.transfer.read_csv import read_csv
from followup_tui.transfer.read_vcard import read_vcard
from followup_tui.transfer.records import Found, FoundContact, Unreadable
from followup_tui.transfer.text import FORMULA_STARTS, neutralise, restore

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
TODAY = date(2026, 11, 23)

ANN = Known(7, "Ann Lee", "+12125550101", "ann.lee@example.com")
JOHN = Known(8, "John Smith", None, None)


def plan_file(name: str, known: list[Known] | None = None) -> ImportPlan:
    data = (FIXTURES / name).read_bytes()
    reader = read_csv if name.endswith(".csv") else read_vcard
    return plan_import(reader(data, name), known or [])


def only(plan: ImportPlan) -> Step:
    [step] = plan.steps
    return step


def incoming(step: Step) -> Incoming:
    assert step.incoming is not None, step
    return step.incoming


def plan_one(found: FoundContact, region: str = "US") -> Step:
    return only(plan_import([found], [], region=region))


# --- phones and emails ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "region", "stored"),
    [
        ("(212) 555-0101", "US", "+12125550101"),
        ("212.555.0104", "US", "+12125550104"),
        ("+1 212 555 0103", "GB", "+12125550103"),  # a number with its country keeps it
        ("020 7946 0018", "GB", "+442079460018"),
        ("+33 6 12 34 56 78", "US", "+33612345678"),
        ("tel:+1-212-555-0131", "US", "+12125550131"),  # vCard 4.0 writes tel: URIs
    ],
)
def test_phones_are_stored_in_international_form_for_her_region(
    number: str, region: str, stored: str
) -> None:
    step = plan_one(FoundContact("line 2", "Ann Lee", phones=[("mobile", number)]), region=region)
    assert step.action is Action.ADD
    assert incoming(step).phone == stored


def test_an_email_is_stored_with_its_domain_in_lower_case() -> None:
    step = plan_one(FoundContact("line 2", "Ann Lee", emails=[("email", "Ann.Lee@Example.COM")]))
    assert incoming(step).email == "Ann.Lee@example.com"


@pytest.mark.parametrize(
    ("found", "reason"),
    [
        (
            FoundContact("line 4", "Carol Callme", phones=[("phone", "call me")]),
            "'call me' is not a phone number",
        ),
        (
            # As dialled locally: what is missing is said.
            FoundContact("line 4", "Carol Callme", phones=[("phone", "555-0101")]),
            "'555-0101' needs its area code",
        ),
        (
            FoundContact("line 4", "Carol Callme", phones=[("phone", "202-555-01999")]),
            "'202-555-01999' is not a valid phone number for US",
        ),
        (
            FoundContact("line 4", "Carol Callme", emails=[("email", "carol@@example")]),
            "'carol@@example' is not an email address",
        ),
        (
            # The second phone is as much hers as the first: a bad one refuses the row.
            FoundContact(
                "line 4",
                "Carol Callme",
                phones=[("mobile", "(212) 555-0101"), ("home", "ask her")],
            ),
            "'ask her' is not a phone number",
        ),
    ],
    ids=["words", "no-area-code", "too-long", "bad-email", "bad-second-phone"],
)
def test_a_row_with_a_bad_phone_or_email_is_refused_naming_the_value(
    found: FoundContact, reason: str
) -> None:
    step = plan_one(found)
    assert (step.action, step.where, step.name, step.reason) == (
        Action.REJECT,
        "line 4",
        "Carol Callme",
        reason,
    )
    assert step.incoming is None


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_row_without_a_name_is_refused(name: str) -> None:
    step = plan_one(FoundContact("line 7", name, phones=[("phone", "(212) 555-0165")]))
    assert (step.action, step.where, step.reason) == (Action.REJECT, "line 7", "no name")


def test_an_unreadable_row_is_refused_with_the_readers_reason() -> None:
    reason = "6 fields where the header has 4: a missing quote or separator?"
    step = only(plan_import([Unreadable("line 3", reason)], []))
    assert (step.action, step.where, step.name, step.reason) == (
        Action.REJECT,
        "line 3",
        "",
        reason,
    )


def test_secondary_phones_and_emails_are_kept_as_labelled_facts() -> None:
    found = FoundContact(
        "card 1 (line 1)",
        "Zoë Ølsen",
        phones=[
            ("cell pref", "(212) 555-0101"),
            ("home", "(212) 555-0102"),
            ("work", "+1 212 555 0103"),
        ],
        emails=[("home pref", "zoe@example.com"), ("work", "Zoe@OlsenDesign.example")],
    )
    zoe = incoming(plan_one(found))
    assert (zoe.phone, zoe.email) == ("+12125550101", "zoe@example.com")
    assert zoe.facts == [
        ("phone (home)", "+12125550102"),
        ("phone (work)", "+12125550103"),
        ("email (work)", "Zoe@olsendesign.example"),
    ]


# --- kinds, levels, dates, tags and notes -----------------------------------------------


def test_a_row_without_a_kind_gets_the_default_and_says_so() -> None:
    step = only(plan_import([FoundContact("line 2", "Ann Lee")], [], default_kind=Kind.PROSPECT))
    assert (incoming(step).kind, step.kind_from_file) == (Kind.PROSPECT, False)


def test_a_level_means_a_team_member() -> None:
    step = plan_one(FoundContact("line 2", "Bo Chen", level="new-leader"))
    assert (incoming(step).kind, incoming(step).level) == (Kind.TEAM, Level.NEW_LEADER)
    assert step.kind_from_file


def test_a_level_on_a_customer_is_kept_as_a_fact_not_a_level() -> None:
    bo = incoming(plan_one(FoundContact("line 2", "Bo Chen", kind="customer", level="new-leader")))
    assert (bo.kind, bo.level) == (Kind.CUSTOMER, None)
    assert bo.facts == [("team level", "new-leader")]


def test_a_level_we_do_not_know_is_kept_as_a_fact() -> None:
    bo = incoming(plan_one(FoundContact("line 2", "Bo Chen", level="Gold Star")))
    assert (bo.kind, bo.level, bo.facts) == (Kind.CIRCLE, None, [("team level", "Gold Star")])


def test_a_back_office_rank_written_as_words_is_a_level() -> None:
    chidi = incoming(plan_file("backoffice.csv").steps[1])
    assert (chidi.name, chidi.kind, chidi.level) == ("Okafor, Chidi", Kind.TEAM, Level.NEW_LEADER)


def test_an_iso_met_on_date_is_a_date_and_any_other_is_kept_as_a_fact() -> None:
    ann = incoming(plan_one(FoundContact("line 2", "Ann Lee", met_on=" 2024-05-17 ")))
    bo = incoming(plan_one(FoundContact("line 3", "Bo Chen", met_on="17/05/2024")))
    assert (ann.met_on, ann.facts) == (date(2024, 5, 17), [])
    assert (bo.met_on, bo.facts) == (None, [("met on", "17/05/2024")])


def test_tags_notes_and_where_she_met_them_are_tidied() -> None:
    found = FoundContact(
        "line 2",
        "  Ann   Lee ",
        notes=["first line\r\nsecond line  ", "   ", "loves lavender"],
        tags=["VIP", "Book Club"],
        met_at="  Christmas \n market ",
        discreet=True,
        do_not_contact=True,
    )
    ann = incoming(plan_one(found))
    assert ann.name == "Ann Lee"
    assert ann.notes == ["first line\nsecond line", "loves lavender"]
    assert ann.facts == [("tags", "VIP, Book Club")]
    assert ann.met_at == "Christmas market"
    assert (ann.discreet, ann.do_not_contact) == (True, True)


# --- duplicates of contacts already in the book -----------------------------------------


def test_a_row_with_the_phone_of_a_known_contact_is_skipped() -> None:
    found = FoundContact("line 2", "Annie L.", phones=[("mobile", "(212) 555-0101")])
    step = only(plan_import([found], [ANN]))
    assert (step.action, step.target_id, step.target_name, step.reason) == (
        Action.SKIP,
        7,
        "Ann Lee",
        "already there: #7 Ann Lee (same phone)",
    )


def test_a_row_with_the_email_of_a_known_contact_in_other_case_is_skipped() -> None:
    found = FoundContact("line 2", "A. Lee", emails=[("email", "ANN.LEE@Example.com")])
    step = only(plan_import([found], [ANN]))
    assert (step.action, step.reason) == (Action.SKIP, "already there: #7 Ann Lee (same email)")


@pytest.mark.parametrize(
    ("name", "why"), [("Jon Smith", "similar name"), ("smith  john", "same name")]
)
def test_a_row_with_a_name_like_a_known_contact_is_skipped(name: str, why: str) -> None:
    found = FoundContact("line 2", name, phones=[("mobile", "(212) 555-0199")])
    step = only(plan_import([found], [JOHN]))
    assert (step.action, step.reason) == (Action.SKIP, f"already there: #8 John Smith ({why})")


def test_two_people_with_like_names_and_their_own_phones_are_two_people() -> None:
    found = FoundContact("line 2", "Jon Smith", phones=[("mobile", "(212) 555-0102")])
    known = Known(8, "John Smith", "+12125550199", None)
    step = only(plan_import([found], [known]))
    assert (step.action, step.reason) == (Action.ADD, "")


def test_two_people_with_one_name_and_their_own_emails_are_two_people() -> None:
    found = FoundContact("line 2", "Ann Lee", emails=[("email", "ann@other.example")])
    step = only(plan_import([found], [ANN]))
    assert step.action is Action.ADD


def test_names_sharing_only_a_first_name_are_not_alike() -> None:
    step = only(plan_import([FoundContact("line 2", "John Doe")], [JOHN]))
    assert step.action is Action.ADD


@pytest.mark.parametrize(
    ("on_duplicate", "action", "reason", "has_incoming"),
    [
        (OnDuplicate.SKIP, Action.SKIP, "already there: #7 Ann Lee (same phone)", False),
        (OnDuplicate.MERGE, Action.MERGE, "merged into #7 Ann Lee (same phone)", True),
        (OnDuplicate.ADD, Action.ADD, "added although like #7 Ann Lee", True),
    ],
)
def test_what_happens_to_a_known_contact_is_her_choice(
    on_duplicate: OnDuplicate, action: Action, reason: str, has_incoming: bool
) -> None:
    found = FoundContact(
        "line 2", "Ann Lee", phones=[("mobile", "(212) 555-0101")], notes=["new note"]
    )
    step = only(plan_import([found], [ANN], on_duplicate=on_duplicate))
    assert (step.action, step.reason) == (action, reason)
    assert (step.incoming is not None) == has_incoming
    if action is Action.MERGE:
        assert (step.target_id, step.target_name) == (7, "Ann Lee")
        assert incoming(step).notes == ["new note"]


# --- the same person twice in one file --------------------------------------------------


def twice() -> list[Found]:
    return [
        FoundContact(
            "line 2",
            "Ann Lee",
            phones=[("mobile", "(212) 555-0121")],
            notes=["likes tea"],
            facts=[("perfume", "Chanel")],
        ),
        FoundContact(
            "line 5",
            "Ann Lee",
            phones=[("mobile", "+1 212 555 0121")],
            emails=[("email", "ann@example.com")],
            notes=["likes tea", "no sugar"],
            facts=[("perfume", "Dior")],
            met_at="yoga class",
        ),
    ]


def test_the_same_person_twice_in_a_file_is_skipped_the_second_time() -> None:
    first, second = plan_import(twice(), []).steps
    assert first.action is Action.ADD
    assert (second.action, second.where, second.target_id, second.reason) == (
        Action.SKIP,
        "line 5",
        None,
        "already there: Ann Lee above (same phone)",
    )


def test_merging_the_same_person_twice_fills_the_first_rows_gaps() -> None:
    first, second = plan_import(twice(), [], on_duplicate=OnDuplicate.MERGE).steps
    assert (second.action, second.reason) == (
        Action.MERGE,
        "merged into Ann Lee above (same phone)",
    )
    assert second.incoming is None  # nothing of its own to write: it is in the first row
    ann = incoming(first)
    assert (ann.phone, ann.email, ann.met_at) == ("+12125550121", "ann@example.com", "yoga class")
    assert ann.notes == ["likes tea", "no sugar"]
    assert ann.facts == [("perfume", "Chanel"), ("perfume 2", "Dior")]


def test_a_second_phone_in_a_merged_row_is_kept_as_a_fact() -> None:
    rows: list[Found] = [
        FoundContact("line 2", "Ann Lee", emails=[("email", "ann@example.com")]),
        FoundContact(
            "line 3",
            "Ann Lee",
            phones=[("mobile", "(212) 555-0121")],
            emails=[("email", "ann@example.com")],
        ),
        FoundContact(
            "line 4",
            "Ann Lee",
            phones=[("mobile", "(212) 555-0122")],
            emails=[("email", "ann@example.com")],
        ),
    ]
    first = plan_import(rows, [], on_duplicate=OnDuplicate.MERGE).steps[0]
    assert incoming(first).phone == "+12125550121"
    assert incoming(first).facts == [("phone", "+12125550122")]


def test_adding_the_same_person_twice_says_so() -> None:
    first, second = plan_import(twice(), [], on_duplicate=OnDuplicate.ADD).steps
    assert (first.action, second.action) == (Action.ADD, Action.ADD)
    assert second.reason == "added although like Ann Lee above"


def test_merging_three_rows_keeps_each_fact_value_once() -> None:
    rows: list[Found] = [
        FoundContact("line 2", "Ann Lee", phones=[("m", "(212) 555-0121")], facts=[("address", a)])
        for a in ("1 Elm Street", "9 Oak Avenue", "9 Oak Avenue")
    ]
    first = plan_import(rows, [], on_duplicate=OnDuplicate.MERGE).steps[0]
    assert incoming(first).facts == [("address", "1 Elm Street"), ("address 2", "9 Oak Avenue")]


# --- the summary she reads --------------------------------------------------------------


def test_the_summary_counts_each_action() -> None:
    # GIVEN the broken file, with Frank already in the book
    frank = Known(3, "Frank Good", "+12125550167", None)
    # WHEN it is planned
    plan = plan_file("broken.csv", [frank])
    # THEN she reads what will happen to every row
    assert plan.summary() == "4 added, 0 merged, 1 skipped, 4 rejected"
    assert [(s.where, s.action) for s in plan.steps if s.action is not Action.ADD] == [
        ("line 3", Action.REJECT),
        ("line 4", Action.REJECT),
        ("line 5", Action.REJECT),
        ("line 7", Action.REJECT),
        ("line 11", Action.SKIP),
    ]
    assert [s.where for s in plan.writes] == ["line 2", "line 9", "line 12", "line 13"]


def test_the_summary_counts_merges() -> None:
    plan = plan_import(twice(), [ANN], on_duplicate=OnDuplicate.MERGE)
    assert plan.summary() == "1 added, 1 merged, 0 skipped, 0 rejected"


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        ("iphone.vcf", "4 added, 0 merged, 0 skipped, 0 rejected"),
        ("android.vcf", "3 added, 0 merged, 0 skipped, 0 rejected"),
        ("contacts-v4.vcf", "1 added, 0 merged, 0 skipped, 0 rejected"),
        ("spreadsheet-win1252.csv", "3 added, 0 merged, 0 skipped, 0 rejected"),
        ("backoffice.csv", "3 added, 0 merged, 0 skipped, 0 rejected"),
    ],
)
def test_every_good_fixture_imports_whole(name: str, summary: str) -> None:
    plan = plan_file(name)
    assert plan.summary() == summary
    phones = [incoming(step).phone for step in plan.steps]
    assert all(phone is None or phone.startswith("+") for phone in phones)


def test_a_phone_export_planned_twice_is_skipped_whole_the_second_time() -> None:
    first = plan_file("iphone.vcf")
    known = [
        Known(n, incoming(s).name, incoming(s).phone, incoming(s).email)
        for n, s in enumerate(first.steps, start=1)
    ]
    again = plan_file("iphone.vcf", known)
    assert again.summary() == "0 added, 0 merged, 4 skipped, 0 rejected"


# --- facts ------------------------------------------------------------------------------


def test_clean_facts_numbers_a_key_that_comes_again() -> None:
    facts = [("Address", "1 Elm St"), ("address", "9 Oak Ave"), ("ADDRESS", "3 Pine Rd")]
    assert clean_facts(facts) == [
        ("address", "1 Elm St"),
        ("address 2", "9 Oak Ave"),
        ("address 3", "3 Pine Rd"),
    ]


def test_clean_facts_drops_repeats_and_empty_values() -> None:
    facts = [("perfume", "Chanel"), ("Perfume", " Chanel "), ("kids", "  "), ("job", "nurse")]
    assert clean_facts(facts) == [("perfume", "Chanel"), ("job", "nurse")]


def test_clean_facts_keys_hold_no_equals_sign_and_stay_short() -> None:
    long_key = "k" * 100
    facts = [("a=b  c", "1"), ("", "2"), ("=", "3"), (long_key, "4"), (long_key, "5")]
    cleaned = clean_facts(facts)
    assert cleaned[:3] == [("a b c", "1"), ("fact", "2"), ("fact 2", "3")]
    assert cleaned[3] == ("k" * 80, "4")
    assert cleaned[4] == ("k" * 76 + " 2", "5")
    assert all(len(key) <= 80 and "=" not in key for key, _ in cleaned)


# --- cells a spreadsheet would run as formulas ------------------------------------------


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x.test")', '\'=HYPERLINK("http://x.test")'),
        ("+1 212 555 0101", "'+1 212 555 0101"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=x", "''=x"),  # already quoted by hand: one more, so restore gives it back
        ("'quoted", "'quoted"),
        ("Ann = Lee", "Ann = Lee"),
        ("", ""),
    ],
)
def test_a_cell_that_would_run_gets_a_leading_quote_and_restore_takes_it_off(
    cell: str, safe: str
) -> None:
    assert neutralise(cell) == safe
    assert restore(safe) == cell


FORMULA_PREFIXES = ["", "'", "''", *FORMULA_STARTS, *("'" + start for start in FORMULA_STARTS)]
cells = st.one_of(
    st.text(),
    st.builds(str.__add__, st.sampled_from(FORMULA_PREFIXES), st.text()),
)


@settings(database=None, deadline=None)
@given(cells)
@example("'=x")
@example("'''=x")
def test_restore_gives_back_every_cell_neutralise_was_given(cell: str) -> None:
    assert restore(neutralise(cell)) == cell


@settings(database=None, deadline=None)
@given(cells)
def test_a_neutralised_cell_never_starts_with_a_formula_character(cell: str) -> None:
    assert not neutralise(cell).startswith(FORMULA_STARTS)


@pytest.mark.parametrize("cell", ["''=x", "''+1 212 555 0101", "''@home"])
def test_a_cell_with_two_quotes_before_a_formula_comes_back_whole(cell: str) -> None:
    assert restore(neutralise(cell)) == cell
