"""What the desk hands to her phone: the clipboard's text and words, and the QR's links."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from followup_tui.domain.handoff import Handoff, QrLink, qr_caption, qr_links, to_copy
from followup_tui.domain.model import Channel

MESSAGE = "Hi Dana! Task of the week: 2 bookings & a smile.\nShout if stuck. Alex"


def handoff(channel: Channel, **kw: str | None) -> Handoff:
    fields: dict[str, str | None] = {
        "phone": "+12025550106",
        "email": "dana@example.com",
        "message": MESSAGE if channel in (Channel.TEXT, Channel.EMAIL) else None,
        **kw,
    }
    return Handoff(name="Dana Kim", first_name="Dana", channel=channel, **fields)


def links_of(h: Handoff) -> list[QrLink]:
    links = qr_links(h)
    assert isinstance(links, list), links
    return links


class TestCopy:
    def test_a_call_copies_the_number_and_says_it_as_dialled(self) -> None:
        copied = to_copy(handoff(Channel.CALL), "US")
        assert copied.text == "+12025550106"
        assert copied.said == "Copied Dana's number (202) 555-0106."

    def test_a_card_copies_the_number_too(self) -> None:
        assert to_copy(handoff(Channel.CARD), "US").text == "+12025550106"

    def test_a_text_or_email_copies_the_message(self) -> None:
        for channel, said in ((Channel.TEXT, "text"), (Channel.EMAIL, "email")):
            copied = to_copy(handoff(channel), "US")
            assert (copied.text, copied.said) == (MESSAGE, f"Copied the {said} for Dana.")

    def test_discreet_names_nothing(self) -> None:
        for channel in (Channel.CALL, Channel.TEXT):
            copied = to_copy(handoff(channel), "US", discreet=True)
            assert copied.text is not None and copied.said == "Copied."
        missing = to_copy(handoff(Channel.CALL, phone=None), "US", discreet=True)
        assert missing.said == "No phone number on record: nothing copied."

    def test_no_number_copies_nothing_and_says_so(self) -> None:
        copied = to_copy(handoff(Channel.CALL, phone=None), "US")
        assert copied.text is None
        assert copied.said == "No phone number on record for Dana Kim: nothing copied."


class TestQrLinks:
    def test_a_call_is_a_tel_link(self) -> None:
        assert qr_links(handoff(Channel.CALL)) == [QrLink("tel:+12025550106")]

    def test_a_text_carries_its_message_then_falls_back_to_the_number(self) -> None:
        full, short = links_of(handoff(Channel.TEXT))
        assert full.uri.startswith("sms:+12025550106?&body=")
        # the body reads back whole: "&", ":" and the line break survive
        assert unquote(full.uri.split("&body=", 1)[1]) == MESSAGE
        assert " " not in full.uri and "+" not in full.uri.split("?", 1)[1]
        assert short == QrLink("sms:+12025550106", "message too long: y copies it")

    def test_an_email_is_a_mailto_with_subject_and_body(self) -> None:
        links = links_of(handoff(Channel.EMAIL, subject="Hello from Alex"))
        parts = urlsplit(links[0].uri)
        assert (parts.scheme, parts.path) == ("mailto", "dana@example.com")
        assert parse_qs(parts.query) == {"subject": ["Hello from Alex"], "body": [MESSAGE]}
        assert links[-1].uri == "mailto:dana@example.com"

    def test_nothing_to_reach_her_by_says_so(self) -> None:
        assert qr_links(handoff(Channel.CALL, phone=None)) == (
            "No phone number on record for Dana Kim."
        )
        assert qr_links(handoff(Channel.EMAIL, email=None)) == "No email on record for Dana Kim."

    def test_the_caption_says_who_and_how_to_close(self) -> None:
        text = handoff(Channel.TEXT)
        full, short = links_of(text)
        assert qr_caption(text, full, "US") == ("Text Dana Kim · (202) 555-0106 · any key closes")
        assert qr_caption(text, short, "US", discreet=True) == (
            "Scan with your phone · message too long: y copies it · any key closes"
        )
        # AND in a narrow window the name is cut, never what to do
        narrow = qr_caption(text, short, "US", width=60)
        assert narrow == "Text Dana… · message too long: y copies it · any key closes"
