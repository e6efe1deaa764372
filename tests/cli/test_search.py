"""`followup contacts --search` looks where she remembers: the words that matched follow
the name in the text, and --json has them as `matched` beside the fields it had."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_the_words_that_matched_follow_the_name(run: Cli) -> None:
    # GIVEN someone met at Target, with a perfume, and one with a note
    jenna = run.add(
        "Jenna Brooks", "--kind", "lead", "--met-at", "Target", "--fact", "perfume=Chanel No 5"
    )
    grace = run.add("Grace Okafor", "--kind", "prospect", "--phone", "202-555-0199")
    run.ok("note", str(grace), "she wants the lip balm for her sister")
    # WHEN searched by each / THEN her line names what matched, after her name
    for search, who, words in [
        ("target", jenna, "met at Target"),
        ("chanel", jenna, "perfume: Chanel No 5"),
        ("0199", grace, "phone (202) 555-0199"),
        ("lip balm", grace, "note: she wants the lip balm for her sister"),
    ]:
        (line,) = run.ok("contacts", "--search", search).splitlines()
        assert line.startswith(f"#{who}")
        name_at, words_at = line.index("Brooks" if who == jenna else "Okafor"), line.index(words)
        assert name_at < words_at, line
        (found,) = run.json("contacts", "--search", search)
        assert (found["id"], found["matched"]) == (who, words)
    # a name search and the whole list: nothing matched beyond the name, the fields as ever
    (named,) = run.json("contacts", "--search", "jenna")
    assert named["matched"] is None
    everyone = run.json("contacts")
    assert {c["id"] for c in everyone} == {jenna, grace}
    assert all(
        c["matched"] is None and {"id", "name", "kind", "phone"} <= c.keys() for c in everyone
    )
