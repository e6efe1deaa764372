"""One contact in full: the card, what is next, and the keys to change it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Header, Static

from followup_tui.domain.when import time_words
from followup_tui.screens import jot
from followup_tui.screens.base import FollowupScreen, contact_loader
from followup_tui.screens.edit_contact import EditContactScreen
from followup_tui.screens.merge import ConfirmScreen, MergePickerScreen
from followup_tui.screens.orders import record_order_for
from followup_tui.widgets.contact_card import ContactCard
from followup_tui.widgets.footer import Footer

if TYPE_CHECKING:
    from followup_tui.domain.model import ContactChanges
    from followup_tui.services.contact_views import ContactDetail
    from followup_tui.services.forget import Forgotten
    from followup_tui.services.merge import Merged


class ContactScreen(FollowupScreen):
    CSS_PATH = "contact.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="contact-back"),
        Binding("e", "edit", "Edit", id="contact-edit"),
        Binding("n", "note", "Note", id="contact-note"),
        Binding("f", "fact", "Fact", id="contact-fact"),
        Binding("r", "order", "Record order", id="contact-order"),
        Binding("3", "three_three_three", "3-3-3", id="contact-333"),
        # Rare, and not to be pressed by accident: listed by `?`, not in the footer.
        Binding(
            "M",
            "merge",
            "Merge a duplicate",
            id="contact-merge",
            tooltip="Fold her other record into this one",
            show=False,
        ),
        Binding(
            "X",
            "forget",
            "Forget her",
            id="contact-forget",
            tooltip="Delete her and everything about her, as she asked",
            show=False,
        ),
    ]

    @dataclass
    class Loaded(Message):
        detail: ContactDetail

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.detail: ContactDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contact-panes"):
            yield ContactCard(id="contact-full")
            yield Static(id="contact-next")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#contact-full").border_title = "Contact"
        self.query_one("#contact-next").border_title = "Next"
        self.watch(self.app, "discreet", self.show_discreet)
        self.load()

    def show_discreet(self, discreet: bool) -> None:
        self.query_one(ContactCard).discreet = discreet

    @work(thread=True, exclusive=True, group="contact", exit_on_error=False)
    def load(self) -> None:
        from followup_tui.services import contact_views

        detail = contact_views.contact_detail(self.ctx.database(), self.contact_id, self.ctx.today)
        self.post_message(self.Loaded(detail))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.detail = event.detail
        self.query_one(ContactCard).detail = event.detail
        lines = Text()
        if not event.detail.pending:
            lines.append("Nothing scheduled.", "dim")
        for item in event.detail.pending:
            at = f" {time_words(item.touch.time)}" if item.touch.time else ""
            lines.append(f"{item.touch.due:%a %d %b %Y}{at}  ", "bold")
            lines.append(f"{item.touch.channel.value}  {item.title}\n")
        self.query_one("#contact-next", Static).update(lines)

    def action_edit(self) -> None:
        if self.detail is None:
            return

        def save(changes: ContactChanges | None) -> None:
            if changes is not None:
                self.save_changes(changes)

        self.app.push_screen(
            EditContactScreen(self.detail.contact, phone_region=self.ctx.settings.phone_region),
            save,
        )

    @work(thread=True, group="save", exit_on_error=False)
    def save_changes(self, changes: ContactChanges) -> None:
        from followup_tui.services import contacts

        contacts.update_contact(self.ctx.database(), self.contact_id, changes, self.ctx.today)
        self.app.call_from_thread(self.notify, "Saved.")
        self.app.call_from_thread(self.load)

    def _about(self) -> str:
        return self.detail.contact.name if self.detail else "this contact"

    def action_note(self) -> None:
        jot.ask_note(self, self.contact_id, self._about(), self._reload)

    def action_fact(self) -> None:
        jot.ask_facts(self, self.contact_id, self._about(), self._reload)

    def _reload(self) -> None:
        """After a save in a worker thread: read her again."""
        self.app.call_from_thread(self.load)

    def action_order(self) -> None:
        if self.detail is not None:
            record_order_for(self, self.contact_id, self.detail.contact.name, self.ordered)

    def ordered(self, said: str) -> None:
        self.notify(said)
        self.load()

    def action_three_three_three(self) -> None:
        self.put_on("three-three-three")

    @work(thread=True, group="save", exit_on_error=False)
    def put_on(self, playbook: str) -> None:
        from followup_tui.services import contacts

        contacts.start_playbook(self.ctx.database(), self.contact_id, playbook, self.ctx.today)
        self.app.call_from_thread(self.notify, "On three-three-three: 3 days, 3 weeks, 3 months.")
        self.app.call_from_thread(self.load)

    def action_merge(self) -> None:
        if self.detail is None:
            return
        keep = self.detail.contact
        if keep.is_me:
            self.notify("This is you: your own record is never merged.", severity="warning")
            return
        picker = MergePickerScreen(
            keep.id, keep.name, contact_loader(self.ctx), self.preview_merge, discreet=self.discreet
        )
        self.app.push_screen(picker, self.merge_chosen)

    def preview_merge(self, other_id: int) -> Merged:
        """Run by the picker, in its thread: what merging her in would combine."""
        from followup_tui.services import merge

        return merge.merge_preview(self.ctx.database(), self.contact_id, other_id, self.ctx.today)

    def merge_chosen(self, other_id: int | None) -> None:
        if other_id is not None:
            self.merge_in(other_id)

    @work(thread=True, group="save", exit_on_error=False)
    def merge_in(self, other_id: int) -> None:
        from followup_tui.services import merge

        merged = merge.merge(self.ctx.database(), self.contact_id, other_id, self.ctx.today)
        self.app.call_from_thread(self.notify, merge.merged_words(merged))
        self.app.call_from_thread(self.load)

    def action_forget(self) -> None:
        if self.detail is None:
            return
        if self.detail.contact.is_me:
            self.notify("This is you: your own record cannot be forgotten.", severity="warning")
            return
        self.preview_forget()

    @work(thread=True, group="save", exit_on_error=False)
    def preview_forget(self) -> None:
        from followup_tui.services import forget

        about = forget.forget_preview(self.ctx.database(), self.contact_id)
        self.app.call_from_thread(self.confirm_forget, about)

    def confirm_forget(self, about: Forgotten) -> None:
        rest = about.lines(done=False)[1:]
        screen = ConfirmScreen(
            f"Forget {about.name}",
            f"Forget {about.name} (#{about.contact_id}) and everything about her?",
            [("deletes", about.about())],
            notes=rest,
            keys="[b]y[/b] forget her · [b]esc[/b] keep her",
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.forget_her()

        self.app.push_screen(screen, answered)

    @work(thread=True, group="save", exit_on_error=False)
    def forget_her(self) -> None:
        from followup_tui.services import forget

        gone = forget.forget(self.ctx.database(), self.contact_id)
        self.app.call_from_thread(self.forgotten, gone)

    def forgotten(self, gone: Forgotten) -> None:
        self.detail = None
        self.app.pop_screen()
        self.app.notify("\n".join(gone.lines()), timeout=15)
