"""Call scripts: Markdown sections per step, placeholders filled, blanks shown, never an error."""

from __future__ import annotations

import pytest

from followup_tui.domain.channels import VOICEMAIL_SCRIPT
from followup_tui.domain.playbooks import default_library
from followup_tui.domain.schedule import VIRTUAL_STEP_TITLES
from followup_tui.domain.scripts import (
    KNOWN_CONDITIONS,
    PLACEHOLDER,
    Script,
    conditions_of,
    load_scripts,
    parse_scripts,
    render,
    render_message,
    script_for,
)

MARKDOWN = """\
# Demo

Words before the first section are not a script.

## first

Hi {first_name}, it's {me}.
About {product}.

Checklist:
- Order complete?
- [detox] Plenty of water?
- [home, skincare] Stored somewhere cool?

Ask:
- How are {fact:kids}?
* When is your {fact:Birthday}?

## second
Just words.
"""


def _first() -> Script:
    return parse_scripts("demo", MARKDOWN)["first"]


def test_parse_scripts_sections_checklist_questions() -> None:
    # GIVEN a script file with two sections
    # WHEN it is parsed
    scripts = parse_scripts("demo", MARKDOWN)
    # THEN each section is a script with its words, checklist and questions
    assert list(scripts) == ["first", "second"]
    first = scripts["first"]
    assert (first.playbook, first.step) == ("demo", "first")
    assert first.text == "Hi {first_name}, it's {me}.\nAbout {product}."
    assert first.checklist == (
        "Order complete?",
        "[detox] Plenty of water?",
        "[home, skincare] Stored somewhere cool?",
    )
    assert first.questions == ("How are {fact:kids}?", "When is your {fact:Birthday}?")
    assert scripts["second"] == Script("demo", "second", "Just words.")


def test_parse_scripts_without_sections() -> None:
    # GIVEN / WHEN a file with no `## step` heading / THEN no scripts
    assert parse_scripts("demo", "# Only a title\n\nSome words.\n") == {}


def test_render_fills_placeholders_and_facts() -> None:
    # GIVEN every value and fact known
    values = {"first_name": "Dana", "me": "Sam", "product": "7-Day Detox Kit", "category": "detox"}
    facts = {"kids": "Leo and Mia", "birthday": "May 3rd"}
    # WHEN the script is rendered
    rendered = render(_first(), values, facts)
    # THEN the words are filled in and nothing is blank
    assert rendered.text == "Hi Dana, it's Sam.\nAbout 7-Day Detox Kit."
    assert rendered.questions == ("How are Leo and Mia?", "When is your May 3rd?")
    assert rendered.blanks == ()


@pytest.mark.parametrize("product", [None, ""])
def test_render_missing_value_is_a_visible_blank(product: str | None) -> None:
    # GIVEN no product known, and no facts
    values = {"first_name": "Dana", "me": "Sam", "product": product}
    # WHEN the script is rendered
    rendered = render(_first(), values, {})
    # THEN the gaps are shown as blanks and listed, once each, without an error
    assert rendered.text == "Hi Dana, it's Sam.\nAbout [product?]."
    assert rendered.questions == ("How are [kids?]?", "When is your [Birthday?]?")
    assert rendered.blanks == ("product", "kids", "Birthday")


def test_render_unknown_placeholder_never_raises() -> None:
    # GIVEN a script with placeholders nobody provides
    script = Script("demo", "x", "Your order of {order_date}, {nickname} and {fact:pet}.")
    # WHEN rendered with nothing
    rendered = render(script, {}, {})
    # THEN each one is a blank in plain words
    assert rendered.text == "Your order of [order date?], [nickname?] and [pet?]."
    assert rendered.blanks == ("order date", "nickname", "pet")


def test_render_lists_a_repeated_blank_once() -> None:
    # GIVEN a placeholder used in the words, the checklist and a question
    script = Script("demo", "x", "{product}", checklist=("{product}?",), questions=("{product}!",))
    # WHEN rendered without it / THEN it is listed once
    assert render(script, {}, {}).blanks == ("product",)


@pytest.mark.parametrize(
    ("category", "checklist"),
    [
        ("detox", ("Order complete?", "Plenty of water?")),
        ("home", ("Order complete?", "Stored somewhere cool?")),
        ("skincare", ("Order complete?", "Stored somewhere cool?")),
        ("nutrition", ("Order complete?",)),
        # Nothing ordered: no product's checks (a prospect's issue call is not about one)
        (None, ("Order complete?",)),
    ],
)
def test_checklist_items_for_a_category(category: str | None, checklist: tuple[str, ...]) -> None:
    # GIVEN checklist items marked for some product categories
    # WHEN rendered for a category (or none known)
    rendered = render(_first(), {"category": category}, {})
    # THEN only that category's items show, without their marks
    assert rendered.checklist == checklist


def test_every_playbook_step_has_a_script() -> None:
    # GIVEN every step of every shipped playbook, on every track
    library = default_library()
    scripts = load_scripts()
    wanted = {
        (playbook.slug, step.slug)
        for playbook in library.playbooks.values()
        for track in (playbook.steps, playbook.guest_steps, playbook.event_steps)
        for step in track
    }
    # WHEN / THEN each has its own script, with words to say
    missing = sorted(wanted - set(scripts))
    assert missing == []
    assert all(scripts[key].text for key in wanted)


@pytest.mark.parametrize("step", sorted(VIRTUAL_STEP_TITLES))
def test_virtual_steps_have_a_common_script(step: str) -> None:
    # GIVEN an issue or call-back touch of any playbook
    # WHEN its script is looked up / THEN the common one is used
    assert ("common", step) in load_scripts()
    assert script_for("new-customer", step) == load_scripts()[("common", step)]


def test_every_script_belongs_to_a_step() -> None:
    # GIVEN the shipped scripts
    library = default_library()
    # WHEN / THEN each names a playbook and one of its steps (no orphaned script)
    for playbook, step in load_scripts():
        if playbook == "common":
            assert step in VIRTUAL_STEP_TITLES or step == VOICEMAIL_SCRIPT
        else:
            library[playbook].step(step)


def test_every_shipped_script_renders_with_nothing_known() -> None:
    # GIVEN every shipped script
    for script in load_scripts().values():
        # WHEN rendered without a single value or fact
        rendered = render(script, {}, {})
        # THEN no raw placeholder is left, and every gap is listed
        for part in (rendered.text, *rendered.checklist, *rendered.questions):
            assert PLACEHOLDER.search(part) is None, (script.playbook, script.step, part)
        assert all(
            f"[{blank}?]" in "\n".join((rendered.text, *rendered.checklist, *rendered.questions))
            for blank in rendered.blanks
        )


def test_script_for_an_unwritten_step_is_a_plain_greeting() -> None:
    # GIVEN / WHEN a step with no script written / THEN a plain hello that still renders
    script = script_for("new-customer", "no-such-step")
    rendered = render(script, {"first_name": "Dana", "me": "Sam"}, {})
    assert rendered.text == "Hello Dana, this is Sam. How are you?"


OPTIONAL = Script(
    "demo",
    "x",
    "Hi {first_name}, it's {me}.\nWas that {fact:perfume?} you were wearing?\nBye {me}.",
    checklist=("Ask about {fact:kids?}.", "Order complete?"),
    questions=("How is work as {fact:job?} at {company}?", "Anything else?"),
)


def test_optional_line_is_left_out_when_its_value_is_missing() -> None:
    # GIVEN a script whose lines hinge on optional facts, and none of those facts noted
    # WHEN it is rendered
    rendered = render(OPTIONAL, {"first_name": "Tom", "me": "Alex"}, {})
    # THEN those lines and items are left out, without a blank or a stray line break
    assert rendered.text == "Hi Tom, it's Alex.\nBye Alex."
    assert rendered.checklist == ("Order complete?",)
    assert rendered.questions == ("Anything else?",)
    assert rendered.blanks == ()


def test_optional_line_is_said_when_its_value_is_known() -> None:
    # GIVEN the facts noted, but a required value on the same line missing
    facts = {"perfume": "Chanel No 5", "kids": "Leo", "job": "a nurse"}
    # WHEN rendered
    rendered = render(OPTIONAL, {"first_name": "Tom", "me": "Alex"}, facts)
    # THEN the optional lines are filled in, and the required gap is still a visible blank
    assert "Was that Chanel No 5 you were wearing?" in rendered.text
    assert rendered.checklist == ("Ask about Leo.", "Order complete?")
    assert rendered.questions == ("How is work as a nurse at [company?]?", "Anything else?")
    assert rendered.blanks == ("company",)


def test_optional_placeholder_works_for_values_too() -> None:
    # GIVEN an optional value (not a fact) / WHEN missing, then known
    script = Script("demo", "x", "Hello.\nAbout {product?}.")
    # THEN its line goes, then it is said
    assert render(script, {}, {}).text == "Hello."
    assert render(script, {"product": "Soap"}, {}).text == "Hello.\nAbout Soap."


def test_shipped_scripts_drop_the_perfume_line_for_a_lead_without_one() -> None:
    # GIVEN a lead met at the gym, with no perfume noted (a male trainer, say)
    values = {"first_name": "Tom", "me": "Alex", "met_at": "the gym", "webshop": "shop.example"}
    # WHEN the lead's first call is rendered
    rendered = render(script_for("lead", "first-call"), values, {"job": "personal trainer"})
    # THEN nothing about perfume is said, and nothing is blank
    assert "perfume" not in rendered.text.lower()
    assert rendered.blanks == ()
    # AND with one noted, the compliment is there
    noted = render(script_for("lead", "first-call"), values, {"perfume": "Chanel No 5"})
    assert "was that Chanel No 5 you were wearing?" in noted.text


# --- conditional lines and the short messages -----------------------------------------

GUEST = """\
## guest

Thank you for coming to {hostess}'s party.
[ordered] Your order is in: {product}.
[ordered] [on-its-way] It should reach you around {delivery_date}.
[wants-to-book, wants-info] You asked about more: let's talk.
[not wants-to-book] [not wants-info] Would you like to host?

Checklist:
- [ordered] [skincare] Patch test first.
- [not ordered] Offer the web shop.

Text:
Hi {first_name}, it's {me}!
[ordered] Thanks for your order of {product}.
Chat soon, {fact:nickname}

Ask you later.
"""
VALUES = {
    "hostess": "Holly",
    "product": "the serum",
    "delivery_date": "Sunday 29 November",
    "first_name": "Carmen",
    "me": "Alex",
    "category": "skincare",
}


def _guest() -> Script:
    return parse_scripts("demo", GUEST)["guest"]


@pytest.mark.parametrize(
    ("conditions", "text"),
    [
        (
            {"ordered", "on-its-way", "wants-to-book"},
            "Thank you for coming to Holly's party.\nYour order is in: the serum.\n"
            "It should reach you around Sunday 29 November.\n"
            "You asked about more: let's talk.",
        ),
        (
            {"ordered", "wants-info"},
            "Thank you for coming to Holly's party.\nYour order is in: the serum.\n"
            "You asked about more: let's talk.",
        ),
        (set(), "Thank you for coming to Holly's party.\nWould you like to host?"),
    ],
)
def test_lines_whose_conditions_do_not_hold_are_dropped(conditions: set[str], text: str) -> None:
    # GIVEN lines under conditions: alternatives in a bracket, `not`, brackets that must
    # all hold / WHEN rendered with what holds / THEN only the lines that apply remain
    assert render(_guest(), VALUES, {}, conditions=conditions).text == text


def test_category_conditions_follow_the_category_value() -> None:
    # GIVEN a checklist item for skincare orders only
    # WHEN rendered for a skincare order, then a home one / THEN only the first shows it
    ordered = render(_guest(), VALUES, {}, conditions={"ordered"})
    assert ordered.checklist == ("Patch test first.",)
    home = render(_guest(), {**VALUES, "category": "home"}, {}, conditions={"ordered"})
    assert home.checklist == ()
    # AND discreet mode leaves a category's line out even when it applies
    assert render(_guest(), VALUES, {}, conditions={"ordered"}, discreet=True).checklist == ()


def test_text_block_is_parsed_apart_from_the_script() -> None:
    # GIVEN a section with a Text: block last / WHEN parsed
    guest = _guest()
    # THEN the block is the message, and none of it is in the words or the lists
    assert guest.message.startswith("Hi {first_name}, it's {me}!")
    assert "Chat soon" not in guest.text
    assert guest.checklist == (
        "[ordered] [skincare] Patch test first.",
        "[not ordered] Offer the web shop.",
    )


def test_message_joins_lines_and_leaves_out_what_has_no_value() -> None:
    # GIVEN the message, no nickname noted
    # WHEN filled for a guest who ordered
    message = render_message(_guest(), VALUES, {}, conditions={"ordered"})
    # THEN its lines make sentences, a blank paragraph splits, and the line missing a value
    # is left out rather than sent with a blank in it
    assert message == (
        "Hi Carmen, it's Alex! Thanks for your order of the serum.\n\nAsk you later."
    )
    # AND discreet (product values withheld): the product line is left out too
    discreet = render_message(_guest(), {**VALUES, "product": None}, {}, conditions={"ordered"})
    assert discreet == "Hi Carmen, it's Alex!\n\nAsk you later."
    # AND a step with no Text: block has no message
    assert render_message(Script("demo", "x", "Hi"), VALUES, {}) is None


def test_shipped_scripts_use_only_known_conditions() -> None:
    # GIVEN every line of every shipped script / WHEN its conditions are read
    used: set[str] = set()
    for script in load_scripts().values():
        lines = [*script.text.split("\n"), *script.checklist, *script.questions]
        for line in [*lines, *script.message.split("\n")]:
            groups, _ = conditions_of(line)
            used |= {alt.removeprefix("not ") for group in groups for alt in group}
    # THEN each is a word the scripts know: a typo would drop a line without a word
    assert used - KNOWN_CONDITIONS == set()
    assert {"ordered", "backordered", "on-its-way", "wants-to-book", "wants-info"} <= used


def test_shipped_scripts_say_no_if_she_branches() -> None:
    # GIVEN every shipped script / THEN none says "If she ...": conditions do that
    for script in load_scripts().values():
        words = "\n".join((script.text, *script.checklist, *script.questions, script.message))
        assert "If she" not in words, f"{script.playbook}/{script.step}"
