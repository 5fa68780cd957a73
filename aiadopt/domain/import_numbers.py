"""How a spreadsheet writes its numbers: with a decimal point (3.5, 1,250) or, as in German, French
and Spanish files, with a decimal comma (3,5, 1.250). A single cell cannot always tell ("1.250" is
one and a quarter one way, twelve hundred and fifty the other), so the file's number cells decide
together, as a reader would: a cell that can only be read with a decimal comma ("3,5", "1.250,5",
"1.250.000") makes it a decimal-comma file, unless another can only be read with a decimal point
("3.5", "1,250.5"). A "1.250" left to the decimal point is said, with how to write it otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from aiadopt.domain.language import N_, Message
from aiadopt.domain.pain_points import clean_text

_THOUSANDS_COMMAS = re.compile(r"-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")  # 1,250 or 1,250.5
_THOUSANDS_POINTS = re.compile(r"-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?")  # 1.250 or 1.250,5
_POINT_GROUPS = re.compile(r"-?[1-9]\d{0,2}(\.\d{3}){2,}")  # 1.250.000: points that can only separate thousands
_ONE_POINT_GROUP = re.compile(r"-?[1-9]\d{0,2}\.\d{3}")  # 1.250: either way
_COMMA_NUMBER = re.compile(r"-?[\d.]*\d,\d+")
_POINT_NUMBER = re.compile(r"-?[\d,]*\d\.\d+")


def _compact(value: object) -> str:
    """A cell's text without spaces (thousands in French: 1 250) or a trailing % sign ('' for a number)."""
    if not isinstance(value, str):
        return ""
    return clean_text(value).replace("\u00a0", "").replace("\u202f", "").replace(" ", "").removesuffix("%")


def _decimal_comma(text: str) -> bool:
    """Written the decimal-comma way and no other: '3,5', '1234,5', '1.250,5', '1.250.000' (not '1,250')."""
    if _POINT_GROUPS.fullmatch(text):
        return True
    return bool(_COMMA_NUMBER.fullmatch(text)) and not _THOUSANDS_COMMAS.fullmatch(text)


def _decimal_point(text: str) -> bool:
    """A point that can only be a decimal point: '3.5', '1,250.5', '1234.5' (not '1.250')."""
    return bool(_POINT_NUMBER.fullmatch(text)) and not _THOUSANDS_POINTS.fullmatch(text)


def _texts(cells: Iterable[object]) -> list[str]:
    """The cells written as text, compacted (numbers the spreadsheet stored as numbers need no reading)."""
    return [text for text in map(_compact, cells) if text]


def writes_decimal_commas(cells: Iterable[object]) -> bool:
    """Whether numbers are written with decimal commas: some cell can only be read that way and none can
    only be read with a decimal point (cells that mix both ways are read one by one)."""
    texts = _texts(cells)
    return any(map(_decimal_comma, texts)) and not any(map(_decimal_point, texts))


def with_decimal_point(value: object) -> object:
    """A decimal-comma cell written with a decimal point: '1.250,5' -> '1250.5', '3,5 %' -> '3.5%'.
    Other values (numbers, words, empty) are returned as they are."""
    text = _compact(value)
    if not text or not (_COMMA_NUMBER.fullmatch(text) or _THOUSANDS_POINTS.fullmatch(text) or text.isdigit()):
        return value
    percent = "%" if clean_text(str(value)).endswith("%") else ""
    return text.replace(".", "").replace(",", ".") + percent


def ambiguous_point(column: Iterable[object]) -> str | None:
    """A cell such as '1.250' in a column with no decimal point that can only be one ('3.5'): read as
    one and a quarter, though it may mean thousands. None when there is none."""
    texts = _texts(column)
    if any(map(_decimal_point, texts)):
        return None
    return next((text for text in texts if _ONE_POINT_GROUP.fullmatch(text)), None)


def ambiguous_point_note(column: str, example: str) -> Message:
    """What the import says of a column whose '1.250' could be read either way."""
    return Message(
        "“{column}” has numbers such as {example}, read as {read}. If they mean {whole}, write them without the point.",
        column=column,
        example=example,
        read=float(example),  # written as the reader's language writes numbers
        whole=example.replace(".", ""),  # without any separator, so no language reads it otherwise
    )


DECIMAL_COMMAS = N_("This file writes numbers with a decimal comma (1.250,5 means 1250½): read that way.")
