"""A spreadsheet's numbers are read the way the file writes them: decimal point (3.5, 1,250) or decimal
comma (3,5, 1.250), decided by the file's number cells together; a "1.250" that could be either is said."""

from __future__ import annotations

import pandas as pd
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from aiadopt.domain import import_numbers
from aiadopt.domain.importing import check_rows
from aiadopt.i18n import t

MAPPING = {
    "title": "Title",
    "department": "Dept",
    "frequency_count": "How often",
    "frequency_period": "Per",
    "minutes_per_occurrence": "Minutes",
    "people_count": "People",
    "error_rate_pct": "Rework",
}


def checked(count, minutes, rework="5"):
    """The rows and notes of a one-department file whose number cells are written as given."""
    counts, minutes = list(count), list(minutes)
    frame = pd.DataFrame(
        {
            "Title": [f"Task {n}" for n in range(len(counts))],
            "Dept": "Finance",
            "How often": counts,
            "Per": "year",
            "Minutes": minutes,
            "People": "2",
            "Rework": rework,
        }
    )
    report = check_rows(frame, MAPPING, ["Finance"])
    assert not report.problems, report.problems
    return report.rows, [t(note) for note in report.notes]


def test_a_file_written_with_decimal_commas_is_read_that_way_and_says_so():
    rows, notes = checked(["1.200", "3"], ["7,5", "20"], rework="12,5 %")
    assert [r["frequency_count"] for r in rows] == [1200, 3]
    assert [r["minutes_per_occurrence"] for r in rows] == [7.5, 20]
    assert {r["error_rate_pct"] for r in rows} == {12.5}
    assert notes == [t(import_numbers.DECIMAL_COMMAS)]


def test_a_file_written_with_decimal_points_reads_as_it_always_did():
    rows, notes = checked(["1,200", "3"], ["7.5", "20"], rework="12.5%")
    assert [r["frequency_count"] for r in rows] == [1200, 3]
    assert [r["minutes_per_occurrence"] for r in rows] == [7.5, 20]
    assert {r["error_rate_pct"] for r in rows} == {12.5}
    assert notes == []


def test_a_lone_number_like_1_250_is_read_with_a_decimal_point_and_the_import_says_how_to_mean_thousands():
    rows, notes = checked(["1.250", "3"], ["20", "20"])
    assert [r["frequency_count"] for r in rows] == [1.25, 3]
    assert notes == [
        "“How often” has numbers such as 1.250, read as 1.25. If they mean 1250, write them without the point."
    ]


def test_a_file_that_mixes_both_ways_is_read_cell_by_cell():
    rows, notes = checked(["1.250", "3,5"], ["7.5", "20"])  # 7.5 can only be a decimal point
    assert [r["frequency_count"] for r in rows] == [1.25, 3.5]
    assert not any("decimal comma" in note for note in notes)


@given(
    st.lists(st.decimals(min_value="0.01", max_value="9999.99", places=2, allow_nan=False), min_size=1, max_size=6),
    st.sampled_from(["en", "de", "es"]),
)
def test_numbers_written_as_a_language_writes_them_are_read_back(values, locale):
    """Any amount a spreadsheet in English, German or Spanish writes (with a 0,5 or 0.5 to tell the
    convention, as a real file of minutes or counts has) is read as that amount."""
    written = [format_decimal(v, format="#,##0.##", locale=locale) for v in values]
    half = format_decimal(0.5, format="0.#", locale=locale)
    rows, _ = checked(written + [half], ["20"] * (len(values) + 1))
    assert [r["frequency_count"] for r in rows] == [float(v) for v in values] + [0.5]
