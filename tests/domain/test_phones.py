"""Phone numbers as she dials them: national in her region, international from abroad."""

from __future__ import annotations

import pytest

from followup_tui.domain.phones import phone_shown, tel_link


@pytest.mark.parametrize(
    ("stored", "region", "shown"),
    [
        ("+12025550102", "US", "(202) 555-0102"),  # hers: national
        ("+442079460958", "US", "+44 20 7946 0958"),  # a UK friend, seen from the US
        ("+442079460958", "GB", "020 7946 0958"),  # the same number in the UK
        ("+12025550102", "GB", "+1 202-555-0102"),  # a US number, seen from the UK
        ("+14165550100", "US", "+1 416-555-0100"),  # Canada shares +1, not the region
        ("+1202555", "US", "+1202555"),  # too short to be a number: as stored
        ("not a number", "US", "not a number"),
    ],
)
def test_a_number_shows_as_dialled_from_her_region(stored: str, region: str, shown: str) -> None:
    assert phone_shown(stored, region) == shown


def test_the_tel_link_holds_the_e164_number() -> None:
    # A phone dials E.164 wherever it is; the link has no spaces or dashes
    assert tel_link("+12025550102") == "tel:+12025550102"
