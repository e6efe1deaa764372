"""Parties: the list, one party with its guests, and booking a new one."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from followup_tui.clock import DateError, parse_date
from followup_tui.domain.model import Kind, NewContact
from followup_tui.domain.search import NameIndex
from followup_tui.screens.base import FollowupScreen, fill_table
from followup_tui.screens.orders import record_order_for
from followup_tui.screens.quick_add import QuickAddScreen
from followup_tui.services.contact_views import ContactLine
from followup_tui.services.parties import PartySummary
from followup_tui.words import counted, failure_words


def money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


PARTY_COLUMNS = ("Date", "", "Hostess", "Place", "Guests", "Sales", "Bookings")
GUEST_COLUMNS = ("Guest", "Wants to book", "Wants info", "Ordered")

Loader = Callable[[], list[ContactLine]]
"""Reads every contact, lightest columns only (run in a thread)."""

BY_ID = re.compile(r"^#?(\d+)$")
NEW = "new"
"""The option id of "new contact" in a guest search."""


class _Matches(OptionList, can_focus=False):
    """Never focused: up and down in the field above move through it, so tab still
    goes from the field to the next one."""


class ContactSearch(Vertical):
    """A name field with the contacts it matches under it, best first (fuzzy, as on the
    contacts screen); #id finds one by number. Up and down choose among them."""

    DEFAULT_CSS = """
    ContactSearch { height: auto; }
    ContactSearch > OptionList { height: auto; max-height: 8; border: none; padding: 0 1; }
    """
    BINDINGS = [
        Binding("down", "move(1)", "Next match", show=False),
        Binding("up", "move(-1)", "Previous match", show=False),
    ]
    SHOWN = 6

    @dataclass
    class Loaded(Message):
        lines: list[ContactLine]
        index: NameIndex

    def __init__(
        self,
        load: Loader,
        *,
        field_id: str,
        placeholder: str = "",
        taken: Mapping[int, str] | None = None,
        offer_new: bool = False,
    ) -> None:
        super().__init__()
        self.load = load
        self.field_id = field_id
        self.placeholder = placeholder
        self.taken = dict(taken or {})
        """Contacts shown but not offered, with why (already a guest)."""
        self.offer_new = offer_new
        self.lines: list[ContactLine] | None = None
        self.by_id: dict[int, ContactLine] = {}
        self.index = NameIndex([])
        self.chosen: ContactLine | None = None
        """Picked with enter or a click: stays picked while the field shows her name."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, id=self.field_id)
        yield _Matches(id=f"{self.field_id}-matches")

    def on_mount(self) -> None:
        self.query_one(_Matches).display = False
        self.run_worker(self._read, thread=True, exit_on_error=False)

    def _read(self) -> None:
        lines = self.load()
        self.post_message(self.Loaded(lines, NameIndex([line.name for line in lines])))

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        event.stop()
        self.lines, self.index = event.lines, event.index
        self.by_id = {line.id: line for line in event.lines}
        self.show(self.text)

    @property
    def is_loaded(self) -> bool:
        return self.lines is not None

    @property
    def text(self) -> str:
        return self.query_one(f"#{self.field_id}", Input).value.strip()

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        if self.chosen is not None and event.value.strip() != self.chosen.name:
            self.chosen = None
        self.show(event.value)

    def matches(self, query: str) -> list[ContactLine]:
        text = query.strip()
        if not text or self.lines is None:
            return []
        wanted = BY_ID.match(text)
        if wanted:
            line = self.by_id.get(int(wanted.group(1)))
            return [line] if line else []
        found = [self.lines[i] for i in self.index.rank(text, self.SHOWN)]
        if self.chosen is not None and self.chosen not in found:
            found.insert(0, self.chosen)
        return found

    def show(self, query: str) -> None:
        options = self.query_one(_Matches)
        options.clear_options()
        found = self.matches(query)
        for line in found:
            options.add_option(
                Option(self._label(line), id=str(line.id), disabled=line.id in self.taken)
            )
        text = query.strip()
        if self.offer_new and self.is_loaded and text and not BY_ID.match(text):
            options.add_option(Option(Text.assemble("+ new contact: ", (text, "bold")), id=NEW))
        options.display = options.option_count > 0
        if self.chosen is not None:
            options.highlighted = found.index(self.chosen)
        elif options.option_count and not options.get_option_at_index(0).disabled:
            options.highlighted = 0
        else:
            # The best match is taken: nothing is picked by a bare enter (above all not
            # "new contact", which would add her a second time).
            options.highlighted = None

    def _label(self, line: ContactLine) -> Text:
        # Kind, phone and email tell apart two people with one name.
        about = " · ".join(x for x in (line.kind, line.phone, line.email) if x)
        label = Text.assemble(line.name, "  ", (about, "dim"))
        if line.id in self.taken:
            label.append(f"  {self.taken[line.id]}", "italic")
        return label

    def action_move(self, step: int) -> None:
        options = self.query_one(_Matches)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def highlighted(self) -> Option | None:
        option = self.query_one(_Matches).highlighted_option
        return None if option is None or option.disabled else option

    def picked(self) -> ContactLine | None:
        """The highlighted contact (None for none, or for "new contact")."""
        option = self.highlighted()
        if option is None or option.id is None or option.id == NEW:
            return None
        return self.by_id.get(int(option.id))

    def wants_new(self) -> bool:
        option = self.highlighted()
        return option is not None and option.id == NEW

    def choose(self, line: ContactLine) -> None:
        """Show her full name in the field, and keep her as the one picked."""
        self.chosen = line
        field = self.query_one(f"#{self.field_id}", Input)
        if field.value != line.name:
            field.value = line.name  # Changed keeps `chosen`: the name is hers
            field.cursor_position = len(line.name)
        else:
            self.show(line.name)

    def refusal(self) -> str:
        """Why nothing can be picked from what is typed."""
        text = self.text
        if not text:
            return "type a few letters of a name"
        if not self.is_loaded:
            return "still reading your contacts: try again in a moment"
        found = self.matches(text)
        if found and found[0].id in self.taken:
            return f"{found[0].name} is {self.taken[found[0].id]}: ↓ to pick another"
        wanted = BY_ID.match(text)
        return f"no contact #{wanted.group(1)}" if wanted else f"no one matches {text!r}"


@dataclass
class NewParty:
    hostess_id: int
    hostess: str
    held_on: date
    place: str | None
    party_id: int | None = None
    """Set once the party is booked."""


Book = Callable[[NewParty], int]
"""Books the party and answers its id; raises InputError when it cannot."""


class NewPartyScreen(ModalScreen[NewParty | None]):
    """Closes only once the party is booked: a refusal shows next to its field."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="party-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="party-cancel"),
    ]

    def __init__(self, today: date, load: Loader, book: Book | None = None) -> None:
        super().__init__(classes="contact-form")
        self.today = today
        self.load = load
        self.book = book
        self.saving = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield Label("Hostess (a few letters of her name, or #id)", classes="field-label")
            yield ContactSearch(self.load, field_id="party-hostess", placeholder="Jenna")
            yield Label("", id="party-hostess-error", classes="field-error")
            yield Label("Date", classes="field-label")
            yield Input(placeholder="YYYY-MM-DD, +7", id="party-on")
            yield Label("", id="party-error", classes="field-error")
            yield Label("Place", classes="field-label")
            yield Input(id="party-place")
            yield Label("", id="party-save-error", classes="field-error")
            yield Static(
                "[b]↑↓[/b] choose her · [b]enter[/b] next field · [b]ctrl+s[/b] save · "
                "[b]esc[/b] cancel",
                id="quick-add-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = "New party"
        self._say("")
        self.query_one("#party-hostess", Input).focus()

    @on(Input.Changed, "#party-hostess")
    def clear_hostess_error(self) -> None:
        self.query_one("#party-hostess-error", Label).update("")

    @on(Input.Changed, "#party-on")
    def clear_date_error(self) -> None:
        self.query_one("#party-error", Label).update("")

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        """Enter picks the highlighted hostess, then walks date and place; saves on the last."""
        if event.input.id == "party-hostess":
            if self._hostess() is not None:
                self.query_one("#party-on", Input).focus()
        elif event.input.id == "party-on":
            self.query_one("#party-place", Input).focus()
        else:
            self.action_save()

    @on(OptionList.OptionSelected, "#party-hostess-matches")
    def clicked(self) -> None:
        if self._hostess() is not None:
            self.query_one("#party-on", Input).focus()

    def _hostess(self) -> ContactLine | None:
        """The hostess picked (her name now in the field), or None with why beside it."""
        search = self.query_one(ContactSearch)
        hostess = search.picked()
        if hostess is None:
            self.query_one("#party-hostess-error", Label).update(
                "who hosts it?" if not search.text else search.refusal()
            )
            return None
        search.choose(hostess)
        return hostess

    def action_save(self) -> None:
        if self.saving:
            return  # a second ctrl+s must not book it twice
        self._say("")
        hostess = self._hostess()
        date_error = self.query_one("#party-error", Label)
        try:
            held_on: date | None = parse_date(self.query_one("#party-on", Input).value, self.today)
            date_error.update("")
        except DateError as exc:
            date_error.update(str(exc))
            held_on = None
        if hostess is None or held_on is None:
            bad = "#party-hostess" if hostess is None else "#party-on"
            self.query_one(bad, Input).focus()
            return
        place = self.query_one("#party-place", Input).value.strip() or None
        new = NewParty(hostess.id, hostess.name, held_on, place)
        if self.book is None:
            self.dismiss(new)
            return
        self.saving = True
        self.run_worker(partial(self._book, self.book, new), thread=True, exit_on_error=False)

    def _book(self, book: Book, new: NewParty) -> None:
        try:
            party_id = book(new)
        except Exception as exc:  # every failure is said in the form, nothing typed is lost
            self.app.call_from_thread(self._refused, exc)
            return
        self.app.call_from_thread(self._booked, replace(new, party_id=party_id))

    def _refused(self, error: Exception) -> None:
        self.saving = False
        self._say(failure_words(error))

    def _say(self, message: str) -> None:
        """Why booking was refused; the line takes no room when there is nothing to say."""
        said = self.query_one("#party-save-error", Label)
        said.update(message)
        said.display = bool(message)

    def _booked(self, new: NewParty) -> None:
        self.dismiss(new)

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)


@dataclass(frozen=True)
class GuestChoice:
    """Who she picked: someone she knows (contact_id), or a new person by this name."""

    name: str
    contact_id: int | None = None


class GuestPickerScreen(ModalScreen[GuestChoice | None]):
    """Existing contacts first, so "Amy" finds Amy Miller instead of adding a second Amy;
    a new person only when "new contact" is picked."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="guest-cancel")]

    def __init__(self, party: str, load: Loader, taken: Mapping[int, str]) -> None:
        super().__init__(classes="contact-form")
        self.party = party
        self.load = load
        self.taken = taken

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield Label("Who? A few letters of her name, or #id", classes="field-label")
            yield ContactSearch(
                self.load,
                field_id="guest-name",
                placeholder="Carmen Silva",
                taken=self.taken,
                offer_new=True,
            )
            yield Label("", id="guest-error", classes="field-error")
            yield Static(
                "[b]↑↓[/b] choose · [b]enter[/b] add her · [b]esc[/b] cancel", id="quick-add-keys"
            )

    def on_mount(self) -> None:
        self.query_one("#quick-add-box").border_title = escape(f"Add a guest to {self.party}")
        self.query_one("#guest-name", Input).focus()

    @on(Input.Changed, "#guest-name")
    def clear_error(self) -> None:
        self.query_one("#guest-error", Label).update("")

    @on(Input.Submitted, "#guest-name")
    @on(OptionList.OptionSelected, "#guest-name-matches")
    def pick(self) -> None:
        search = self.query_one(ContactSearch)
        guest = search.picked()
        if guest is not None:
            self.dismiss(GuestChoice(guest.name, guest.id))
        elif search.wants_new():
            self.dismiss(GuestChoice(search.text))
        else:
            self.query_one("#guest-error", Label).update(search.refusal())

    def action_cancel(self) -> None:
        self.dismiss(None)


class GuestQuickAdd(QuickAddScreen):
    """Quick-add for a guest: her name as typed, the cursor after it to go on typing."""

    def on_mount(self) -> None:
        # Runs before QuickAddScreen's on_mount focuses the name: a selected name
        # would be replaced by the first key typed.
        self.query_one("#name", Input).select_on_focus = False


class PartiesScreen(FollowupScreen):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="parties-back"),
        Binding("n", "new_party", "New party", id="parties-new"),
        Binding("enter", "open", "Open", id="parties-open"),
    ]

    @dataclass
    class Loaded(Message):
        parties: list[PartySummary]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", id="parties-table")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#parties-table", DataTable)
        table.add_columns(*PARTY_COLUMNS)
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import parties

        self.post_message(self.Loaded(parties.parties(self.followup.database())))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        today = self.followup.today
        table = self.query_one("#parties-table", DataTable)
        upcoming = sum(1 for p in event.parties if p.held_on >= today)
        table.border_title = f"Parties · {upcoming} upcoming · {len(event.parties)} in all"
        soonest = sorted(
            event.parties, key=lambda p: (p.held_on < today, abs((p.held_on - today).days))
        )
        rows = [
            (
                str(p.id),
                [
                    f"{p.held_on:%a %d %b %Y}",
                    Text("upcoming", "bold") if p.held_on >= today else "past",
                    p.hostess,
                    p.place or "",
                    str(len(p.guests)),
                    money(p.sales_cents),
                    ", ".join(p.bookings),
                ],
            )
            for p in soonest
        ]
        fill_table(table, PARTY_COLUMNS, rows)

    def action_open(self) -> None:
        table = self.query_one("#parties-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.app.push_screen(PartyScreen(int(key)))

    @on(DataTable.RowSelected)
    def open_row(self) -> None:
        self.action_open()

    def action_new_party(self) -> None:
        def booked(new: NewParty | None) -> None:
            if new is not None:
                self.notify(f"Party booked: {new.hostess}'s calls are planned.")
                self.load()

        screen = NewPartyScreen(self.followup.today, contact_loader(self), self.book)
        self.app.push_screen(screen, booked)

    def book(self, new: NewParty) -> int:
        """Run by the form in a thread: the form stays open if this refuses."""
        from followup_tui.services import parties

        db, today = self.followup.database(), self.followup.today
        return parties.new_party(db, new.hostess_id, new.held_on, today, place=new.place)

    def action_back(self) -> None:
        self.app.pop_screen()


def contact_loader(screen: FollowupScreen) -> Loader:
    app = screen.followup

    def load() -> list[ContactLine]:
        from followup_tui.services import contact_views

        return contact_views.contact_lines(app.database(), with_due=False)

    return load


class PartyScreen(FollowupScreen):
    """One party: its guests with their flags and sales; add guests, orders, flags."""

    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="party-back"),
        Binding("g", "add_guest", "Add guest", id="party-add-guest"),
        Binding("b", "flag('wants_to_book')", "Wants to book", id="party-book"),
        Binding("i", "flag('wants_info')", "Wants info", id="party-info"),
        Binding("r", "order", "Record order", id="party-order"),
    ]

    @dataclass
    class Loaded(Message):
        party: PartySummary

    def __init__(self, party_id: int) -> None:
        super().__init__()
        self.party_id = party_id
        self.party: PartySummary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="party-head")
        yield DataTable(cursor_type="row", id="party-guests")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#party-guests", DataTable)
        table.add_columns(*GUEST_COLUMNS)
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import parties

        self.post_message(self.Loaded(parties.party(self.followup.database(), self.party_id)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        p = self.party = event.party
        head = self.query_one("#party-head", Static)
        head.border_title = escape(f"{p.hostess}'s party")
        head.update(
            Text(
                f"{p.held_on:%A %d %B %Y}"
                + (f" at {p.place}" if p.place else "")
                + f"\nSales {money(p.sales_cents)} · {counted(len(p.guests), 'guest')}"
                + (f" · bookings: {', '.join(p.bookings)}" if p.bookings else "")
            )
        )
        table = self.query_one("#party-guests", DataTable)
        row = table.cursor_row
        rows = [
            (
                str(g.contact_id),
                [
                    g.name,
                    "yes" if g.wants_to_book else "",
                    "yes" if g.wants_info else "",
                    money(g.sales_cents),
                ],
            )
            for g in p.guests
        ]
        fill_table(table, GUEST_COLUMNS, rows)
        if p.guests:
            table.move_cursor(row=min(row, len(p.guests) - 1))

    def _guest_id(self) -> int | None:
        table = self.query_one("#party-guests", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def party_day(self) -> date:
        """The day a guest was met and her order taken: the party's, unless it is still
        to come (an order cannot be dated in the future)."""
        today = self.followup.today
        return min(self.party.held_on, today) if self.party else today

    def action_add_guest(self) -> None:
        if self.party is None:
            return
        taken = {g.contact_id: "already a guest" for g in self.party.guests}
        taken.setdefault(self.party.hostess_id, "the hostess")
        screen = GuestPickerScreen(f"{self.party.hostess}'s party", contact_loader(self), taken)

        def picked(choice: GuestChoice | None) -> None:
            if choice is None:
                return
            if choice.contact_id is not None:
                self.add_guest(choice.contact_id)
            else:
                self._quick_add_guest(choice.name)

        self.app.push_screen(screen, picked)

    @work(thread=True, exit_on_error=False)
    def add_guest(self, contact_id: int) -> None:
        from followup_tui.services import parties

        db, today = self.followup.database(), self.followup.today
        parties.add_guest(db, self.party_id, contact_id, today)
        self.app.call_from_thread(self.load)

    def _quick_add_guest(self, name: str, typed: NewContact | None = None) -> None:
        # `typed`: everything she typed, back after a refused save.
        region = self.followup.settings.phone_region
        screen = GuestQuickAdd(phone_region=region, kind=Kind.LEAD, name=name, typed=typed)

        def save(new: NewContact | None) -> None:
            if new is not None:
                self.save_new_guest(new)

        self.app.push_screen(screen, save)

    @work(thread=True, exit_on_error=False)
    def save_new_guest(self, new: NewContact) -> None:
        from followup_tui.services import adding, parties

        db, today = self.followup.database(), self.followup.today
        where = f"{self.party.hostess}'s party" if self.party else "a party"
        met = replace(new, met_at=new.met_at or where, met_on=new.met_on or self.party_day())
        try:
            contact_id = adding.add_contact(db, met, today)
        except Exception as exc:
            # Nothing was written: say why, and open the form again with all she typed.
            self.app.call_from_thread(
                self.notify, f"Not saved: {failure_words(exc)}", severity="error"
            )
            self.app.call_from_thread(self._quick_add_guest, new.name, new)
            return
        parties.add_guest(db, self.party_id, contact_id, today)
        self.app.call_from_thread(self.load)

    def action_flag(self, flag: str) -> None:
        guest_id = self._guest_id()
        if guest_id is not None:
            self.toggle_flag(guest_id, flag)

    @work(thread=True, exit_on_error=False)
    def toggle_flag(self, guest_id: int, flag: str) -> None:
        from followup_tui.services import parties

        parties.toggle_guest_flag(
            self.followup.database(), self.party_id, guest_id, flag, self.followup.today
        )
        self.app.call_from_thread(self.load)

    def action_order(self) -> None:
        guest_id = self._guest_id()
        if guest_id is None or self.party is None:
            return
        name = next(g.name for g in self.party.guests if g.contact_id == guest_id)
        record_order_for(
            self, guest_id, name, self.ordered, party_id=self.party_id, ordered_on=self.party_day()
        )

    def ordered(self, said: str) -> None:
        self.notify(said)
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
