"""What she hands from the desk to her phone for a touch: the number to dial or the
message to send, as text for the clipboard (`y`) or as a link for a QR code (`Q`)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from followup_tui.domain.model import Channel
from followup_tui.domain.phones import phone_shown, tel_link


@dataclass(frozen=True)
class Handoff:
    """A touch as her phone needs it."""

    name: str
    first_name: str
    channel: Channel
    phone: str | None
    """As stored: E.164, which any phone dials wherever it is."""
    email: str | None
    message: str | None
    """The filled message of a text or email touch; None for a call or a card."""
    subject: str | None = None
    """An email's subject line."""

    @property
    def sends_message(self) -> bool:
        return self.channel in (Channel.TEXT, Channel.EMAIL) and bool(self.message)


@dataclass(frozen=True)
class Copy:
    text: str | None
    """What goes on the clipboard; None: nothing."""
    said: str
    """The status line's words."""


def to_copy(handoff: Handoff, region: str, *, discreet: bool = False) -> Copy:
    """A text's or email's message, else the number to dial. Discreet: the words name
    nothing (the copy itself is not on screen)."""
    h = handoff
    if h.sends_message:
        what = "text" if h.channel is Channel.TEXT else "email"
        return Copy(h.message, "Copied." if discreet else f"Copied the {what} for {h.first_name}.")
    if not h.phone:
        who = "" if discreet else f" for {h.name}"
        return Copy(None, f"No phone number on record{who}: nothing copied.")
    said = f"Copied {h.first_name}'s number {phone_shown(h.phone, region)}."
    return Copy(h.phone, "Copied." if discreet else said)


@dataclass(frozen=True)
class QrLink:
    uri: str
    """What the code encodes."""
    note: str | None = None
    """Why it holds less than asked (a message too long for the code)."""


def qr_links(handoff: Handoff) -> list[QrLink] | str:
    """The links a code could hold for the touch, the fullest first (a shorter one for
    when the terminal is too small to draw it), or why there is none."""
    h = handoff
    if h.channel is Channel.EMAIL:
        if not h.email:
            return f"No email on record for {h.name}."
        to = "mailto:" + quote(h.email, safe="@")
        links = []
        if h.message:
            fields = [f"subject={_encoded(h.subject)}"] if h.subject else []
            links.append(QrLink(f"{to}?{'&'.join([*fields, f'body={_encoded(h.message)}'])}"))
        return [*links, QrLink(to, "email too long: y copies it" if links else None)]
    if not h.phone:
        return f"No phone number on record for {h.name}."
    if h.channel is not Channel.TEXT:
        return [QrLink(tel_link(h.phone))]
    number = "sms:" + tel_link(h.phone).removeprefix("tel:")
    if not h.message:
        return [QrLink(number)]
    # "?&body=": RFC 5724 puts the body after "?", which Android's readers (ZXing's
    # parser, Google's camera) take, ignoring the empty first field; iOS's Messages looks
    # for "&body=" and takes it too. Plain "?body=" loses the message on older iPhones;
    # "&body=" alone breaks on Android. (SMSTO:N:TEXT is read by both cameras but is no
    # link: the issue asks for sms:.)
    return [
        QrLink(f"{number}?&body={_encoded(h.message)}"),
        QrLink(number, "message too long: y copies it"),
    ]


def _encoded(text: str) -> str:
    # Spaces as %20, never "+": mailto and sms bodies are not form data.
    return quote(text, safe="")


def qr_caption(
    handoff: Handoff, link: QrLink, region: str, *, discreet: bool = False, width: int = 80
) -> str:
    """The line under the code: who and how, what was left out, and how to close it, in
    `width` characters (who is cut first: the rest is what she needs to know)."""
    h = handoff
    if discreet:
        who = "Scan with your phone"
    elif link.uri.startswith("mailto:"):
        who = f"Email {h.name} · {h.email}"
    else:
        verb = "Text" if link.uri.startswith("sms:") else "Call"
        who = f"{verb} {h.name} · {phone_shown(h.phone or '', region)}"
    rest = " · ".join(x for x in (link.note, "any key closes") if x)
    room = width - len(rest) - len(" · ")
    if len(who) > room:
        who = who[: max(room - 1, 0)].rstrip(" ·") + "…"
    return f"{who} · {rest}"
