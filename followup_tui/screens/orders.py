"""Recording an order from the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from followup_tui.clock import DateError
from followup_tui.domain.model import Product
from followup_tui.screens.base import FollowupScreen
from followup_tui.screens.forms import SavingForm
from followup_tui.widgets.date_field import DateHint


@dataclass
class OrderEntry:
    """What the order form answers: the services record it."""

    skus: list[str]
    ordered_on: date
    backorders: set[str] = field(default_factory=set)
    corporate: bool = False
    delivered_on: date | None = None
    order_id: int | None = None
    """Set once the order is recorded (when the form records it itself)."""


Record = Callable[[OrderEntry], int]
"""Records an order and answers its id; raises InputError when it cannot."""


class OrderScreen(SavingForm[OrderEntry]):
    """Type a few letters, Enter adds the product; on a line, b marks it backordered.

    Given `record`, the form records the order itself and closes only once it is
    recorded: a refusal shows in the form, with the lines still there.
    """

    REFUSAL_LINE = "#order-error"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="order-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="order-cancel"),
    ]

    def __init__(
        self,
        who: str,
        products: list[Product],
        today: date,
        *,
        ordered_on: date | None = None,
        record: Record | None = None,
        lines: list[str] | None = None,
        title: str | None = None,
        products_only: bool = False,
    ) -> None:
        super().__init__(classes="contact-form")
        self.who = who
        self.products = products
        self.today = today
        self.ordered_on = ordered_on or today
        self.record = record
        self.lines: list[str] = list(lines or [])
        """One sku per item: what is in the order so far (a reorder starts with her last)."""
        self.backordered: set[str] = set()
        self.form_title = title or f"Order for {who}"
        self.products_only = products_only
        """A reorder said on a call: today's, nothing backordered, only what she takes."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quick-add-box"):
            yield Label("Find a product", classes="field-label")
            yield Input(placeholder="a few letters of its name or sku", id="order-search")
            yield OptionList(id="order-catalogue")
            yield Label(
                "In this order (1-9: how many, +/-: one more/less, b: backorder)",
                classes="field-label",
            )
            yield OptionList(id="order-lines")
            yield Label("", id="order-lines-error", classes="field-error")
            yield Label(
                "Ordered on · delivered on (when known)", classes="field-label", id="dates-label"
            )
            with Horizontal(id="order-dates"):
                yield Input(self.ordered_on.isoformat(), placeholder="ordered on", id="order-on")
                yield Input(placeholder="delivered on (if known)", id="order-delivered")
            with Horizontal(id="order-dates-hints"):
                yield DateHint("order-on", self.today, past=True, required=True, id="order-on-hint")
                yield DateHint("order-delivered", self.today, past=True, id="order-delivered-hint")
            yield Label("", id="order-dates-error", classes="field-error")
            yield Checkbox("Backorders are at the company (corporate)", id="order-corporate")
            yield Label("", id="order-error", classes="field-error")
            yield Static(
                "[b]enter[/b] add · [b]ctrl+s[/b] save · [b]esc[/b] cancel", id="quick-add-keys"
            )

    def on_mount(self) -> None:
        # Discreet mode hides other people's orders and notes, not the catalogue nor the
        # order being written with the customer: an order must be recordable at a party.
        self.query_one("#quick-add-box").border_title = escape(self.form_title)
        if self.products_only:
            dates = ("#dates-label", "#order-dates", "#order-dates-hints", "#order-dates-error")
            for part in (*dates, "#order-corporate"):
                self.query_one(part).display = False
        self.say_refusal("")
        self.show_catalogue("")
        self._paint_lines()
        self.query_one("#order-search", Input).focus()

    @on(Input.Changed, "#order-search")
    def search(self, event: Input.Changed) -> None:
        self.show_catalogue(event.value)

    def show_catalogue(self, query: str) -> None:
        words = query.lower().split()
        found = [
            p
            for p in self.products
            if all(w in f"{p.name} {p.sku} {p.category.value}".lower() for w in words)
        ]
        options = self.query_one("#order-catalogue", OptionList)
        options.clear_options()
        options.add_options(
            Option(
                Text.assemble(p.name, "  ", (f"{p.sku} · {p.category.value}{_price(p)}", "dim")),
                id=p.sku,
            )
            for p in found[:12]
        )
        if found:
            options.highlighted = 0

    @on(Input.Submitted, "#order-search")
    def add_highlighted(self) -> None:
        options = self.query_one("#order-catalogue", OptionList)
        if options.highlighted is not None:
            self._add(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#order-catalogue")
    def add_selected(self, event: OptionList.OptionSelected) -> None:
        self._add(event.option.id)

    def _add(self, sku: str | None) -> None:
        if sku:
            self.lines.append(sku)
            self._show_lines()
            self.query_one("#order-search", Input).value = ""

    def _show_lines(self) -> None:
        self._paint_lines()
        self.query_one("#order-lines-error", Label).update("")

    def _paint_lines(self) -> None:
        """The lines, one per product, with how many."""
        names = {p.sku: p.name for p in self.products}
        lines = self.query_one("#order-lines", OptionList)
        highlighted = lines.highlighted
        lines.clear_options()
        counts: dict[str, int] = {}
        for sku in self.lines:
            counts[sku] = counts.get(sku, 0) + 1
        for sku, count in counts.items():
            line = Text(f"{count} × {names.get(sku, sku)}")
            if sku in self.backordered:
                line.append("  backorder", "bold")
            lines.add_option(Option(line, id=sku))
        if counts:
            # A line is always under the cursor: the keys that set how many act on it.
            lines.highlighted = min(highlighted or 0, len(counts) - 1)

    def on_key(self, event: object) -> None:
        from textual.events import Key

        lines = self.query_one("#order-lines", OptionList)
        if not isinstance(event, Key) or not lines.has_focus or lines.highlighted is None:
            return
        sku = lines.get_option_at_index(lines.highlighted).id
        if sku is None:
            return
        if event.key == "b":
            self.backordered ^= {sku}
        elif event.key in ("delete", "backspace", "minus"):
            self.lines.remove(sku)
        elif event.key == "plus":
            self.lines.append(sku)
        elif event.character is not None and event.character in "123456789":
            self._set_quantity(sku, int(event.character))
        else:
            return
        if sku not in self.lines:
            self.backordered.discard(sku)
        event.stop()
        self._show_lines()

    def _set_quantity(self, sku: str, count: int) -> None:
        """The line says `count` of it, where it stood in the order."""
        at = self.lines.index(sku)
        self.lines = [s for s in self.lines if s != sku]
        self.lines[at:at] = [sku] * count

    @on(Input.Changed, "#order-on, #order-delivered")
    def clear_date_error(self) -> None:
        self.query_one("#order-dates-error", Label).update("")

    def _dates(self) -> tuple[date, date | None] | None:
        """Both dates, or None with the reason shown under them and the bad one focused."""
        ordered_field = self.query_one("#order-on", Input)
        delivered_field = self.query_one("#order-delivered", Input)

        def refuse(field: Input, message: str) -> None:
            self.query_one("#order-dates-error", Label).update(message)
            field.focus()

        try:
            # What each means (or the forms that work) shows under it.
            ordered_on = self.query_one("#order-on-hint", DateHint).parse()
        except DateError:
            refuse(ordered_field, "")
            return None
        assert ordered_on is not None  # required: empty is a DateError
        ordered = ordered_on.day
        if ordered > self.today:
            refuse(ordered_field, "an order cannot be dated in the future")
            return None
        try:
            delivered_on = self.query_one("#order-delivered-hint", DateHint).parse()
        except DateError:
            refuse(delivered_field, "")
            return None
        delivered = delivered_on.day if delivered_on else None
        # The same rules the services keep, checked here so the lines are never lost.
        if delivered is not None and delivered < ordered:
            refuse(delivered_field, "delivery cannot come before the order")
            return None
        if delivered is not None and delivered > self.today:
            refuse(delivered_field, "a delivery cannot be dated in the future")
            return None
        self.query_one("#order-dates-error", Label).update("")
        return ordered, delivered

    def action_save(self) -> None:
        if self.saving:
            return  # a second ctrl+s while the first is recorded must not order twice
        self.say_refusal("")
        if not self.lines:
            self.query_one("#order-lines-error", Label).update("add at least one product")
            self.query_one("#order-search", Input).focus()
            return
        dates = self._dates()
        if dates is None:
            return
        corporate = self.query_one("#order-corporate", Checkbox).value and bool(self.backordered)
        entry = OrderEntry(list(self.lines), dates[0], set(self.backordered), corporate, dates[1])
        if self.record is None:
            self.dismiss(entry)
            return
        record = self.record
        self.save_in_worker(lambda: replace(entry, order_id=record(entry)))


def _price(product: Product) -> str:
    return f" · {product.price_cents / 100:.2f}" if product.price_cents else ""


def record_order_for(
    screen: FollowupScreen,
    contact_id: int,
    name: str,
    then: Callable[[str], object],
    *,
    party_id: int | None = None,
    ordered_on: date | None = None,
) -> None:
    """Open the order form for a contact; the form records the order, then `then` is
    called. `ordered_on` is the date the form starts with (today when not given)."""
    app, ctx = screen.app, screen.ctx

    def done(entry: OrderEntry | None) -> None:
        if entry is not None and entry.order_id is not None:
            then(f"Order #{entry.order_id} recorded for {name}.")

    def record(entry: OrderEntry) -> int:
        from followup_tui.services import orders

        return orders.record_order(
            ctx.database(),
            contact_id,
            entry.skus,
            ctx.today,
            ordered_on=entry.ordered_on,
            backorders=entry.backorders,
            corporate=entry.corporate,
            delivered_on=entry.delivered_on,
            party_id=party_id,
        )

    def ask() -> None:
        from followup_tui.services import orders

        products = orders.catalogue(ctx.database())
        form = OrderScreen(name, products, ctx.today, ordered_on=ordered_on, record=record)
        app.call_from_thread(app.push_screen, form, done)

    screen.run_worker(ask, thread=True, exit_on_error=False)
