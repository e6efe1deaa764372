"""Reading real exports: vCards from phones, CSV from spreadsheets and back offices.

The readers are pure (bytes in, what the file says out); nothing is checked against the
book yet, so a bad phone or email still comes through here and is refused by the plan.
The files under tests/fixtures/import/ look like what an iPhone, an Android phone, Excel
and a company back office really write.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from followup_tui.errors import InputError
from followup_tui.transfer.read_csv import read_csv
from followup_tui.transfer.read_vcard import read_vcard
from followup_tui.transfer.records import Found, FoundContact, Unreadable

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"

Reader = Callable[[bytes, str], list[Found]]


def read(name: str) -> list[Found]:
    data = (FIXTURES / name).read_bytes()
    reader = read_csv if name.endswith(".csv") else read_vcard
    return reader(data, name)


def contact(item: Found) -> FoundContact:
    assert isinstance(item, FoundContact), item
    return item


def by_name(found: list[Found]) -> dict[str, FoundContact]:
    return {c.name: c for c in found if isinstance(c, FoundContact)}


def where_and_name(found: list[Found]) -> list[tuple[str, str]]:
    return [(f.where, f.name if isinstance(f, FoundContact) else "?") for f in found]


# --- the fixture files are what they claim to be ----------------------------------------


def test_the_iphone_file_is_written_the_way_an_iphone_writes_it() -> None:
    data = (FIXTURES / "iphone.vcf").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")  # CRLF line endings throughout
    assert b"\r\n  kit" in data  # a long NOTE folded onto a second line
    assert b"PHOTO;ENCODING=b" in data
    assert "🌸".encode() in data


def test_the_spreadsheet_is_really_windows_1252_and_the_back_office_file_has_a_bom() -> None:
    spreadsheet = (FIXTURES / "spreadsheet-win1252.csv").read_bytes()
    assert b"Ren\xe9e" in spreadsheet and b"Stra\xdf" in spreadsheet and b"50 \x80" in spreadsheet
    with pytest.raises(UnicodeDecodeError):
        spreadsheet.decode("utf-8")
    assert (FIXTURES / "backoffice.csv").read_bytes().startswith(b"\xef\xbb\xbfCustomer ID,")


# --- iPhone: vCard 3.0 ------------------------------------------------------------------


def test_an_iphone_export_gives_every_card_with_the_line_it_starts_on() -> None:
    assert where_and_name(read("iphone.vcf")) == [
        ("card 1 (line 1)", "Zoë Ølsen"),
        ("card 2 (line 23)", "Éloïse Dubois"),
        ("card 3 (line 37)", "Harbour Spa & Wellness"),
        ("card 4 (line 48)", "Marcus O'Neil"),
    ]


def test_the_iphone_cell_marked_pref_comes_first_and_every_phone_keeps_its_label() -> None:
    zoe = by_name(read("iphone.vcf"))["Zoë Ølsen"]
    # The file lists home before cell; the preferred cell is the one she calls.
    assert zoe.phones == [
        ("cell pref", "(212) 555-0101"),
        ("home", "(212) 555-0102"),
        ("work", "+1 212 555 0103"),
    ]


def test_the_preferred_iphone_email_comes_first() -> None:
    zoe = by_name(read("iphone.vcf"))["Zoë Ølsen"]
    assert zoe.emails == [
        ("home pref", "zoe.olsen@example.com"),
        ("work", "Zoe@OlsenDesign.example"),
    ]


def test_an_iphone_note_has_its_escaped_comma_and_newline_back() -> None:
    zoe = by_name(read("iphone.vcf"))["Zoë Ølsen"]
    assert zoe.notes == ["Met at the spring fair, loves lavender.\nAsk about the diffuser in May."]


def test_a_folded_iphone_note_reads_as_one_line_with_its_emoji() -> None:
    eloise = by_name(read("iphone.vcf"))["Éloïse Dubois"]
    assert eloise.notes == [
        "Hostess for the autumn party 🎉 wants the full skincare line, the travel kit "
        "and a catalogue for her sister."
    ]
    assert ("nickname", "Lulu 🌸") in eloise.facts


def test_birthday_company_job_address_and_website_become_facts() -> None:
    found = by_name(read("iphone.vcf"))
    assert found["Zoë Ølsen"].facts == [
        ("company", "Ølsen Design Studio"),
        ("job", "Creative Director"),
        ("address", "12 Orchard Lane, Brooklyn, NY, 11201, United States"),
        ("birthday", "1988-03-14"),
    ]
    assert found["Harbour Spa & Wellness"].facts == [
        ("company", "Harbour Spa & Wellness"),
        ("website", "https://harbourspa.example"),
    ]


def test_iphone_categories_set_the_kind_and_the_others_are_kept_as_tags() -> None:
    found = by_name(read("iphone.vcf"))
    zoe, eloise, marcus = found["Zoë Ølsen"], found["Éloïse Dubois"], found["Marcus O'Neil"]
    assert (zoe.kind, zoe.level, zoe.tags) == ("customer", None, ["VIP"])
    assert (eloise.kind, eloise.tags) == ("hostess", [])
    # "New Leader" is a team level, and a level means a team member.
    assert (marcus.kind, marcus.level, marcus.tags) == ("team", "new-leader", ["Book Club"])
    assert found["Harbour Spa & Wellness"].kind is None


def test_the_photo_and_apple_label_noise_leave_no_trace() -> None:
    for item in read("iphone.vcf"):
        found = contact(item)
        values = [v for _, v in found.facts + found.phones + found.emails] + found.notes
        assert not any("/9j/" in v or "_$!<" in v for v in values)
        assert not any(k in ("photo", "x-ablabel", "x-abadr") for k, _ in found.facts)


def test_an_iphone_phone_labelled_only_pref_is_still_read() -> None:
    eloise = by_name(read("iphone.vcf"))["Éloïse Dubois"]
    assert eloise.phones == [("pref", "+33 6 12 34 56 78")]
    assert eloise.emails == [("email", "eloise@example.fr")]  # INTERNET says nothing


# --- Android: vCard 2.1, quoted-printable ------------------------------------------------


def test_an_android_export_decodes_quoted_printable_names() -> None:
    assert where_and_name(read("android.vcf")) == [
        ("card 1 (line 1)", "Jürgen Müller"),
        ("card 2 (line 14)", "Ingrid Ølstad-Brühl"),  # line 14: the note ran over two lines
        ("card 3 (line 23)", "Petra Nowak"),  # no FN: the name comes from N
    ]


def test_android_bare_types_label_the_phones_and_emails_and_pref_comes_first() -> None:
    found = by_name(read("android.vcf"))
    jurgen, ingrid = found["Jürgen Müller"], found["Ingrid Ølstad-Brühl"]
    assert jurgen.phones == [("cell", "+1 212-555-0111"), ("home", "212-555-0112")]
    assert ingrid.phones == [("cell pref", "+12125550114"), ("work", "+1 212 555 0115")]
    assert ingrid.emails == [("home pref", "ingrid.ob@example.com"), ("work", "ingrid@example.no")]


def test_an_android_company_in_quoted_printable_and_a_birthday_become_facts() -> None:
    jurgen = by_name(read("android.vcf"))["Jürgen Müller"]
    assert jurgen.facts == [("company", "Café Rosé"), ("birthday", "1975-11-02")]


def test_an_android_note_with_a_comma_is_kept_whole() -> None:
    jurgen = by_name(read("android.vcf"))["Jürgen Müller"]
    assert jurgen.notes == ["Kunde seit 2019, mag Rosendüfte.\nBestellt alle 6 Wochen."]


def test_a_vcard_2_1_name_with_a_comma_is_kept_whole() -> None:
    card = b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Smith, John\r\nTEL;CELL:2125550101\r\nEND:VCARD\r\n"
    assert contact(read_vcard(card, "smith.vcf")[0]).name == "Smith, John"


# --- vCard 4.0 --------------------------------------------------------------------------


def test_a_vcard_4_card_is_read_with_its_tel_uris_birthday_address_and_categories() -> None:
    [item] = read("contacts-v4.vcf")
    siobhan = contact(item)
    assert (siobhan.where, siobhan.name) == ("card 1 (line 1)", "Siobhán O'Connor")
    # The number stays as the file has it; the plan turns tel: URIs into +1212...
    assert [number for _, number in siobhan.phones] == [
        "tel:+1-212-555-0131",
        "tel:+1-212-555-0132",
    ]
    assert siobhan.phones[1][0] == "home"
    assert siobhan.emails == [("work", "siobhan@example.ie")]
    assert siobhan.facts == [
        ("birthday", "--0412"),  # vCard 4's birthday without a year, as the file has it
        ("address", "7 Quay Street, Galway, H91 X2YZ, Ireland"),
    ]
    assert (siobhan.kind, siobhan.tags) == ("hostess", ["book club"])


def test_a_vcard_4_quoted_type_list_reads_as_separate_words() -> None:
    siobhan = contact(read("contacts-v4.vcf")[0])
    assert siobhan.phones[0] == ("cell pref", "tel:+1-212-555-0131")


# --- vCard files that go wrong ----------------------------------------------------------


def test_a_vcard_file_cut_in_the_middle_gives_an_unreadable_last_card() -> None:
    data = (FIXTURES / "iphone.vcf").read_bytes()
    cut = data[: data.index(b"TEL;type=CELL;type=VOICE:212.555.0104")]
    found = read_vcard(cut, "iphone.vcf")
    assert [f.name for f in found[:3] if isinstance(f, FoundContact)] == [
        "Zoë Ølsen",
        "Éloïse Dubois",
        "Harbour Spa & Wellness",
    ]
    assert found[3] == Unreadable(
        "card 4 (line 48)", "the card has no END:VCARD: the file is cut short?"
    )


def test_a_card_never_ended_does_not_take_the_next_card_with_it() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEND:VCARD\r\n"
    )
    found = read_vcard(data, "two.vcf")
    assert isinstance(found[0], Unreadable) and found[0].where == "card 1 (line 1)"
    assert (found[1].where, contact(found[1]).name) == ("card 2 (line 4)", "Bo Chen")


def test_a_card_vobject_cannot_parse_is_unreadable_and_the_others_still_read() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nthis line has no colon\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Chen\r\nEND:VCARD\r\n"
    )
    first, second = read_vcard(data, "bad.vcf")
    assert isinstance(first, Unreadable)
    assert first.where == "card 1 (line 1)"
    assert first.reason.startswith("the card cannot be read (")
    assert contact(second).name == "Bo Chen"


def test_a_file_without_any_vcard_is_refused() -> None:
    with pytest.raises(InputError, match=r"^notes\.vcf holds no vCard \(no BEGIN:VCARD line\)$"):
        read_vcard(b"Ann Lee 212 555 0101\n", "notes.vcf")


def test_a_note_holding_a_unicode_line_separator_still_reads() -> None:
    data = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nNOTE:tea\u2028no sugar\r\nEND:VCARD\r\n"
    assert contact(read_vcard(data.encode(), "ann.vcf")[0]).notes == ["tea\u2028no sugar"]


def test_a_damaged_photo_does_not_cost_the_contact() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTEL;type=CELL:(212) 555-0101\r\n"
        b"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQ\r\nEND:VCARD\r\n"
    )
    assert contact(read_vcard(data, "ann.vcf")[0]).phones == [("cell", "(212) 555-0101")]


# --- a spreadsheet saved by Excel on Windows --------------------------------------------


def test_a_windows_1252_spreadsheet_reads_its_accents_and_euro_sign() -> None:
    found = read("spreadsheet-win1252.csv")
    # Line 3 is the second line of Renée's quoted note, so Jürgen is on line 4.
    assert where_and_name(found) == [
        ("line 2", "Renée Günther"),
        ("line 4", "Jürgen Straß"),
        ("line 5", "Zoë Öztürk"),
    ]
    assert by_name(found)["Jürgen Straß"].notes == ["Budget 50 €"]


def test_a_quoted_spreadsheet_cell_keeps_its_newline_and_semicolon() -> None:
    renee = by_name(read("spreadsheet-win1252.csv"))["Renée Günther"]
    assert renee.notes == ["Buys the hand cream; loves roses.\nPays cash"]


def test_spreadsheet_columns_we_know_fill_fields_and_the_others_become_facts() -> None:
    renee = by_name(read("spreadsheet-win1252.csv"))["Renée Günther"]
    assert renee.phones == [("mobile", "(212) 555-0121")]
    assert renee.emails == [("e-mail", "renee.g@example.com")]
    assert renee.met_at == "Christmas market"
    assert renee.facts == [("perfume", "Chanel Nº 5"), ("birthday", "14.03.1980")]


def test_an_empty_cell_gives_nothing_rather_than_an_empty_value() -> None:
    zoe = by_name(read("spreadsheet-win1252.csv"))["Zoë Öztürk"]
    assert (zoe.phones, zoe.emails, zoe.notes, zoe.facts, zoe.met_at) == ([], [], [], [], None)


# --- a company back office export -------------------------------------------------------


def test_a_back_office_export_with_a_bom_reads_every_customer() -> None:
    found = read("backoffice.csv")
    assert where_and_name(found) == [
        ("line 2", "María García"),
        ("line 3", "Okafor, Chidi"),
        ("line 4", "Anne-Sophie Lefèvre"),
    ]


def test_back_office_columns_without_a_field_of_ours_are_kept_as_facts() -> None:
    maria = by_name(read("backoffice.csv"))["María García"]
    # The BOM is not part of the first header: "customer id", not "\ufeffcustomer id".
    assert maria.facts == [
        ("customer id", "10231"),
        ("customer type", "Preferred Customer"),
        ("last order date", "2026-10-02"),
        ("sponsor", "Sandra Kühn"),
    ]
    assert maria.phones == [("phone number", "+1 212 555 0141")]
    assert maria.emails == [("email address", "MARIA.GARCIA@Example.COM")]


def test_back_office_rank_date_added_and_opt_out_fill_their_fields() -> None:
    found = by_name(read("backoffice.csv"))
    maria, chidi, anne = found["María García"], found["Okafor, Chidi"], found["Anne-Sophie Lefèvre"]
    assert (maria.level, maria.met_on, maria.do_not_contact) == (None, "2024-05-17", False)
    assert (chidi.level, chidi.met_on, chidi.do_not_contact) == ("new-leader", "2023-01-09", False)
    # The reader keeps the date as written; the plan decides what it can read.
    assert (anne.met_on, anne.do_not_contact) == ("17/05/2024", True)


def test_a_phone_a_spreadsheet_was_kept_from_running_gets_its_quote_back_off() -> None:
    chidi = by_name(read("backoffice.csv"))["Okafor, Chidi"]
    assert chidi.phones == [("phone number", "+1 212 555 0142")]  # the file has '+1 212...


# --- a CSV with broken rows -------------------------------------------------------------


def test_broken_rows_are_reported_where_they_are_and_the_good_rows_still_read() -> None:
    found = read("broken.csv")
    # Line 6 is blank and line 8 holds only separators: neither is a row.
    assert where_and_name(found) == [
        ("line 2", "Alice Good"),
        ("line 3", "?"),
        ("line 4", "Carol Callme"),
        ("line 5", "Dan Bademail"),
        ("line 7", ""),
        ("line 9", "Erin Good"),
        ("line 11", "Frank Good"),
        ("line 12", "Grace Short"),
        ("line 13", "Hank Trailing"),
    ]


def test_a_row_with_too_many_fields_is_unreadable_with_a_hint() -> None:
    assert read("broken.csv")[1] == Unreadable(
        "line 3", "6 fields where the header has 4: a missing quote or separator?"
    )


def test_the_reader_passes_a_bad_phone_and_email_on_for_the_plan_to_refuse() -> None:
    found = by_name(read("broken.csv"))
    assert found["Carol Callme"].phones == [("phone", "call me")]
    assert found["Dan Bademail"].emails == [("email", "dan@@example")]


def test_short_rows_and_empty_trailing_fields_are_fine() -> None:
    found = by_name(read("broken.csv"))
    assert found["Grace Short"].phones == [("phone", "(212) 555-0168")]
    assert found["Grace Short"].emails == []
    assert found["Hank Trailing"].emails == [("email", "hank@example.com")]
    assert found["Erin Good"].notes == ["two\nlines"]


# --- CSV shapes -------------------------------------------------------------------------


@pytest.mark.parametrize("separator", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_the_separator_is_found_from_the_header(separator: str) -> None:
    data = (
        f"Name{separator}Phone{separator}Notes\r\n"
        f'"Lee, Ann"{separator}(212) 555-0101{separator}"tea; no sugar, ever"\r\n'
    )
    [item] = read_csv(data.encode(), "people.csv")
    ann = contact(item)
    assert (ann.name, ann.phones, ann.notes) == (
        "Lee, Ann",
        [("phone", "(212) 555-0101")],
        ["tea; no sugar, ever"],
    )


def test_first_middle_and_last_name_columns_make_one_name() -> None:
    data = b"Last Name,First Name,Middle Name\r\nLee,Ann,Marie\r\nChen,Bo,\r\n"
    assert [contact(f).name for f in read_csv(data, "people.csv")] == ["Ann Marie Lee", "Bo Chen"]


def test_repeated_and_odd_headers_become_distinct_fact_keys() -> None:
    data = b"Perfume,Name,Perfume,=Odd= Header,\r\n Chanel ,Ann Lee,Dior,x,y\r\n"
    ann = contact(read_csv(data, "people.csv")[0])
    assert ann.facts == [
        ("perfume", "Chanel"),
        ("perfume 2", "Dior"),
        ("odd header", "x"),  # a fact key never holds "="
        ("column 5", "y"),
    ]


def test_a_google_contacts_export_reads_its_labels_and_groups() -> None:
    data = (
        b"Name,Given Name,Family Name,Group Membership,Phone 1 - Type,Phone 1 - Value,"
        b"E-mail 1 - Type,E-mail 1 - Value\r\n"
        b"Ann Lee,Ann,Lee,* myContacts ::: Customers ::: Yoga,Mobile,+1 212-555-0101,"
        b"Home,ann@example.com\r\n"
    )
    ann = contact(read_csv(data, "contacts.csv")[0])
    assert ann.name == "Ann Lee"
    assert ann.phones == [("mobile", "+1 212-555-0101")]
    assert ann.emails == [("home", "ann@example.com")]
    # myContacts is the phone's own group; Customers names a kind; Yoga is a tag.
    assert (ann.kind, ann.tags) == ("customer", ["Yoga"])


def test_a_google_mobile_number_comes_first_whatever_its_column() -> None:
    data = (
        b"Name,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\r\n"
        b"Ann Lee,Work,(212) 555-0102,Mobile,(212) 555-0101\r\n"
    )
    ann = contact(read_csv(data, "contacts.csv")[0])
    assert ann.phones[0][1] == "(212) 555-0101"


def test_a_google_cell_holding_two_numbers_gives_two_phones() -> None:
    data = (
        b"Name,Phone 1 - Type,Phone 1 - Value\r\n"
        b"Ann Lee,Mobile,+1 212-555-0101 ::: +1 212-555-0109\r\n"
    )
    ann = contact(read_csv(data, "contacts.csv")[0])
    assert [number for _, number in ann.phones] == ["+1 212-555-0101", "+1 212-555-0109"]


def test_a_kind_column_is_read_like_categories() -> None:
    data = b"Name,Type\r\nAnn Lee,Hostesses\r\nBo Chen,downline\r\nCy Diaz,Senior Partner\r\n"
    found = [contact(f) for f in read_csv(data, "people.csv")]
    assert [(f.kind, f.level) for f in found] == [
        ("hostess", None),
        ("team", None),
        ("team", "senior-partner"),
    ]


def test_yes_like_words_in_discreet_and_do_not_contact_columns_count() -> None:
    data = b"Name,Discreet,DNC\r\nAnn Lee,ja,x\r\nBo Chen,no,\r\n"
    ann, bo = (contact(f) for f in read_csv(data, "people.csv"))
    assert (ann.discreet, ann.do_not_contact) == (True, True)
    assert (bo.discreet, bo.do_not_contact) == (False, False)


def test_our_own_id_column_is_left_out() -> None:
    data = b"ID,Name\r\n42,Ann Lee\r\n"
    assert contact(read_csv(data, "export.csv")[0]).facts == []


def test_a_blank_line_before_the_header_is_skipped() -> None:
    data = b"\r\nName,Phone\r\nAnn Lee,(212) 555-0101\r\n"
    assert [f.where for f in read_csv(data, "people.csv")] == ["line 3"]


# --- refused files ----------------------------------------------------------------------


def test_a_csv_without_any_name_column_is_refused_with_one_line() -> None:
    data = b"Phone,Email\r\n(212) 555-0101,ann@example.com\r\n"
    with pytest.raises(InputError) as refused:
        read_csv(data, "numbers.csv")
    message = str(refused.value)
    assert message.startswith("numbers.csv has no name column (line 1)")
    assert "First Name, Last Name" in message
    assert "\n" not in message


def test_an_empty_csv_is_refused() -> None:
    with pytest.raises(InputError, match=r"^empty\.csv is empty$"):
        read_csv(b"", "empty.csv")


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"],
)
def test_a_file_reads_the_same_in_every_encoding_exports_come_in(encoding: str) -> None:
    text = "Name;Phone;Notes\r\nRenée Günther;(212) 555-0121;Budget 50 €, Straße\r\n"
    bom = "\ufeff" if encoding in ("utf-16-le", "utf-16-be") else ""  # utf-16 adds its own
    [item] = read_csv((bom + text).encode(encoding), "people.csv")
    renee = contact(item)
    assert (renee.where, renee.name, renee.notes) == (
        "line 2",
        "Renée Günther",
        ["Budget 50 €, Straße"],
    )


def test_a_utf_16_vcard_reads() -> None:
    data = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ølsen\r\nEND:VCARD\r\n".encode("utf-16")
    assert contact(read_vcard(data, "zoe.vcf")[0]).name == "Zoë Ølsen"


@pytest.mark.parametrize("reader", [read_csv, read_vcard], ids=["csv", "vcard"])
def test_bytes_that_are_neither_utf_8_nor_windows_1252_are_refused_naming_the_line(
    reader: Reader,
) -> None:
    # 0x81 and 0x8D are the bytes Windows-1252 leaves undefined.
    data = b"Name,Phone\r\nAnn Lee,(212) 555-0101\r\nBo \x81\x8d Chen,(212) 555-0102\r\n"
    with pytest.raises(InputError) as refused:
        reader(data, "people.csv")
    assert str(refused.value) == (
        "people.csv is not text in UTF-8 or Windows-1252 (unreadable byte on line 3)"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"Name,Phone\r\nAnn\x00 Lee,(212) 555-0101\r\n",
        # UTF-16 without its BOM is UTF-8 to the decoder, NULs and all.
        "Name,Phone\r\nAnn Lee,(212) 555-0101\r\n".encode("utf-16-le"),
    ],
    ids=["nul-in-a-row", "utf-16-without-bom"],
)
def test_a_file_holding_nul_bytes_is_not_text(data: bytes) -> None:
    readers: list[tuple[Reader, str]] = [(read_csv, "people.csv"), (read_vcard, "people.vcf")]
    for reader, name in readers:
        with pytest.raises(InputError) as refused:
            reader(data, name)
        assert str(refused.value) == f"{name} is not a text file"


def test_a_long_folded_vcard_note_reads_back_exactly() -> None:
    # A 300 KB note folded every 75 characters, as vobject writes it: each fold is
    # joined once (vobject alone copied the line so far at every fold).
    note = "Loves lavender, not roses; ask about the diffuser. " * 6000
    folded = "\r\n ".join(note[i : i + 74] for i in range(0, len(note), 74))
    data = f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nNOTE:{folded}\r\nEND:VCARD\r\n"
    data = data.replace(",", "\\,").replace(";", "\\;").replace("FN:Ann\\", "FN:Ann")

    (ann,) = read_vcard(data.encode(), "ann.vcf")

    assert contact(ann).notes == [note.strip()]


def test_a_vcard_value_past_the_import_limit_costs_only_its_card() -> None:
    # GIVEN a card with a 17 MB note (the bound is 16 MB a value), then an ordinary one
    big = "x" * (17 * 1024 * 1024)
    data = (
        f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann Lee\r\nNOTE:{big}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bea Diaz\r\nEND:VCARD\r\n"
    )

    found = read_vcard(data.encode(), "big.vcf")

    # THEN that card is refused, naming the bound; the next one is read
    assert found[0] == Unreadable(
        "card 1 (line 1)", "the card has a value larger than the 16 MB an import takes"
    )
    assert contact(found[1]).name == "Bea Diaz"


LIMIT = 100_000
"""The value limit, made small: a card past it need not be 16 MB to show it is measured."""


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from followup_tui.transfer import read_vcard as module

    monkeypatch.setattr(module, "MAX_CELL", LIMIT)


def two_cards(first: str) -> bytes:
    return (
        f"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\n{first}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Bea Diaz\r\nEND:VCARD\r\n"
    ).encode()


TOO_LARGE = Unreadable(
    "card 1 (line 1)", "the card has a value larger than the 16 MB an import takes"
)


@pytest.mark.usefixtures("small_limit")
def test_a_folded_note_mentioning_quoted_printable_is_measured_whole() -> None:
    # GIVEN a note past the limit, folded every 75 characters, that says
    # "quoted-printable" in its words (once enough to hand vobject the folded lines
    # unmeasured: 35 s at 12 MB)
    note = "Sent as quoted-printable by her old phone. " * (2 * LIMIT // 43)
    folded = "\r\n ".join(note[i : i + 74] for i in range(0, len(note), 74))

    found = read_vcard(two_cards(f"NOTE:{folded}"), "big.vcf")

    # THEN that card is refused, naming the bound; the next one is read
    assert found[0] == TOO_LARGE
    assert contact(found[1]).name == "Bea Diaz"


@pytest.mark.usefixtures("small_limit")
def test_a_quoted_printable_value_is_measured_across_its_soft_breaks() -> None:
    # GIVEN a quoted-printable note past the limit, in 76-character lines ending "="
    encoded = "Mag Rosend=C3=BCfte. " * (2 * LIMIT // 21)
    lines = "=\r\n".join(encoded[i : i + 75] for i in range(0, len(encoded), 75))

    found = read_vcard(
        two_cards(f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{lines}"), "big.vcf"
    )

    assert found[0] == TOO_LARGE
    assert contact(found[1]).name == "Bea Diaz"


def test_a_quoted_printable_note_over_soft_breaks_and_a_folded_one_read_back_exactly() -> None:
    # The soft breaks joined here decode as vobject's own joining did
    lines = "=\r\n".join(["Mag Rosend=C3=BCfte, bestellt alle 6 Wochen. "] * 40)
    note = "Mentions quoted-printable; loves lavender. " * 40
    folded = "\r\n ".join(note[i : i + 74] for i in range(0, len(note), 74))
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann Lee\r\n"
        f"NOTE;CHARSET=UTF-8;QUOTED-PRINTABLE:{lines}\r\nNOTE:{folded}\r\nEND:VCARD\r\n"
    )

    (ann,) = read_vcard(data.encode(), "ann.vcf")

    assert contact(ann).notes == [
        ("Mag Rosendüfte, bestellt alle 6 Wochen. " * 40).strip(),
        note.strip(),
    ]
