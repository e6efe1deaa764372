"""Scripts for a book whose owner left her name for later: her name is left out of what
she says, never "it's [me?]"."""

from __future__ import annotations

import pytest

from followup_tui.domain.scripts import RenderedScript, Script, load_scripts, render
from followup_tui.domain.unnamed import UNNAMED, without_my_name


def said(text: str) -> RenderedScript:
    script = Script("any", "step", text, checklist=("Ask how {first_name} is",))
    return without_my_name(render(script, {"me": UNNAMED, "first_name": "Maria"}, {}))


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("Hi {first_name}, it's {me}! How are you?", "Hi Maria! How are you?"),
        ("Hello {first_name}, this is {me}. How are you?", "Hello Maria. How are you?"),
        (
            "Hi {first_name}, my name is {me}. Jo gave me your number.",
            "Hi Maria. Jo gave me your number.",
        ),
        ("I'll call in a few days. Warmly, {me}", "I'll call in a few days."),
        ("Shout if you need anything. {me}", "Shout if you need anything."),
        ('Only "It\'s {me}, please call me back."', 'Only "Please call me back."'),
    ],
)
def test_her_name_is_left_out(template: str, words: str) -> None:
    script = said(template)
    assert (script.text, script.blanks) == (words, ())
    assert script.checklist == ("Ask how Maria is",)


def test_a_use_the_rules_do_not_know_stays_a_visible_blank() -> None:
    script = said("Ask for {me} at the door.")
    assert (script.text, script.blanks) == ("Ask for [me?] at the door.", ("me",))


def test_no_shipped_script_says_me_blank() -> None:
    for (playbook, step), script in load_scripts().items():
        shown = without_my_name(render(script, {"me": UNNAMED}, {}))
        words = "\n".join((shown.text, *shown.checklist, *shown.questions))
        assert "[me?]" not in words and UNNAMED not in words, (playbook, step)
