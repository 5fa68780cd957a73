"""Values every export shares: missing values, safe spreadsheet cells, file names and labels.

Participant text is untrusted: a spreadsheet cell that starts like a formula is neutralised
(OWASP CSV injection guidance) in CSV and XLSX alike, and numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from typing import SupportsFloat, cast

import numpy as np
import pandas as pd

from aiadopt import i18n
from aiadopt.domain import charter
from aiadopt.domain.language import SOURCE_LANGUAGE
from aiadopt.domain.pain_points import INVISIBLE_MARKS

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
# Characters XML 1.0 cannot hold (openpyxl refuses them); tab, CR and LF stay.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_missing(value: object) -> bool:
    """Whether a value is empty: None, NaN or pandas' NA (text and containers never are)."""
    if value is None:
        return True
    if isinstance(value, (str, bytes, list, tuple, set, dict)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def neutralise_cell(value: object) -> object:
    """A value safe for a spreadsheet cell: text that could start a formula gets a leading '.

    Numbers (int, float, bool, numpy numbers) stay numbers; None and NaN stay empty (None);
    lists become "; "-joined text; dates stay dates; every other character is kept as it is.
    """
    if type(value) is str:  # the common case first: exports hold many thousands of cells
        if not value.startswith(FORMULA_TRIGGERS) and not _XML_ILLEGAL.search(value):
            return INVISIBLE_MARKS.sub("", value) if INVISIBLE_MARKS.search(value) else value
    elif type(value) is float:
        return None if value != value or math.isinf(value) else value
    elif type(value) is int:
        return value
    if is_missing(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return None if math.isinf(number) else number
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, (dt.date, dt.time)):
        return value
    if isinstance(value, (list, tuple, set, np.ndarray)):
        value = "; ".join(str(item) for item in value if not is_missing(item))
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    dangerous = text.startswith(FORMULA_TRIGGERS)
    text = INVISIBLE_MARKS.sub("", _XML_ILLEGAL.sub("", text))
    return "'" + text if dangerous else text


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text (object or string) column neutralised; headers too."""
    out = pd.DataFrame(index=df.index)
    for position, column in enumerate(df.columns):
        series = df.iloc[:, position]
        name = neutralise_cell(column) if isinstance(column, str) else column
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
            out[name] = series.array  # keeps a whole-number column with gaps whole (to_numpy makes it float)
        else:
            out[name] = pd.Series([neutralise_cell(v) for v in series], index=df.index, dtype=object)
    return out


def _slug(text: object, limit: int) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].rstrip("-")


def export_filename(workshop: dict, kind: str, ext: str) -> str:
    """A safe file name such as acme-discovery-2026-11-24-shortlist.xlsx."""
    name = _slug((workshop or {}).get("name"), 60) or "workshop"
    date = str((workshop or {}).get("session_date") or "")
    date = date[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date[:10]) else ""
    kind_slug = _slug(kind, 30) or "export"
    extension = _slug(ext, 8) or "txt"
    stem = "-".join(part for part in (name, date, kind_slug) if part)
    return f"{stem[:110].rstrip('-')}.{extension}"


# --- numbers and labels -------------------------------------------------------------------


def humanise_key(key: str) -> str:
    """'hours_lost' -> 'Hours lost' (for keys without a label)."""
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def criterion_keys(shortlist: pd.DataFrame, weights: dict | None = None) -> list[str]:
    """The criteria in weight order, then any other contribution_ columns of the shortlist."""
    keys = [k for k in (weights or {})]
    for column in shortlist.columns:
        if str(column).startswith("contribution_"):
            key = str(column)[len("contribution_") :]
            if key not in keys:
                keys.append(key)
    return keys


def criterion_label(labels: dict | None, key: str) -> str:
    """A criterion's name for people, in the language being written: its label when given, else read from its key."""
    label = (labels or {}).get(key)
    return i18n.t(str(label)) if label else humanise_key(key)


def as_list(value: object) -> list[str]:
    """Departments, flags or reasons as a list of text, from a list or a ';'-separated string."""
    if is_missing(value):
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[;\n]", value) if part.strip()]
    if isinstance(value, (list, tuple, set, np.ndarray, pd.Series)):
        # Text stays the object it is: a marked `Message` keeps its template, to be said in the file's language.
        return [
            item if isinstance(item, str) else str(item) for item in value if not is_missing(item) and str(item).strip()
        ]
    return [str(value)]


def format_number(value: object, digits: int = 0) -> str:
    """A number as the language being written writes it (1,250.5; 1.250,5), `digits` decimals; empty when missing.

    English keeps exactly `digits` decimals; other languages write them as Babel does (trailing zeros dropped).
    """
    if is_missing(value):
        return ""
    amount = float(cast(SupportsFloat, value))
    if i18n.current_language() == SOURCE_LANGUAGE:
        return f"{amount:,.{digits}f}"
    return i18n.number(round(amount, digits), digits)


def format_amount(value: float | None, unit: str = "") -> str:
    """An amount as the language being written writes it (40, 1,250, 2.5; 1.250, 2,5), with its unit."""
    return charter.format_amount(value, unit)


def format_weight(weight: object) -> str:
    """A weight in three significant digits (0.25, 12.5), as the language being written writes it."""
    text = f"{float(cast(SupportsFloat, weight)):.3g}"
    if "e" in text:
        return text
    return format_number(float(text), len(text.split(".")[1]) if "." in text else 0)


def format_percent(share: float) -> str:
    """A share (0.25) as a whole percentage the way the language being written writes it (25%, 25 %)."""
    if i18n.current_language() == SOURCE_LANGUAGE:
        return f"{share * 100:.0f}%"
    return i18n.percent(share)


def format_date(value: object) -> str:
    """A stored date (2026-11-24) as the language being written writes it (24. November 2026); English
    keeps it as stored, and text that is not a date stays as it is."""
    text = "" if is_missing(value) else str(value or "")
    if i18n.current_language() == SOURCE_LANGUAGE or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]):
        return text
    try:
        return i18n.date(dt.date.fromisoformat(text[:10]))
    except ValueError:
        return text


def number_or_none(value: object) -> float | None:
    """A value as a float, or None when it is missing, a yes/no or not a number."""
    if is_missing(value) or isinstance(value, bool):
        return None
    try:
        return float(cast(SupportsFloat | str, value))
    except (TypeError, ValueError):
        return None


def _sorted_shortlist(shortlist: pd.DataFrame) -> pd.DataFrame:
    """The shortlist in rank order (as it came when it has no ranks)."""
    if "rank" in shortlist.columns and len(shortlist):
        return shortlist.sort_values("rank", kind="stable")
    return shortlist


def _records(shortlist: pd.DataFrame) -> list[dict]:
    """The shortlist's rows as dicts, in rank order."""
    return _sorted_shortlist(shortlist).to_dict("records")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV: UTF-8 with a byte-order mark (so Excel shows accents and other scripts), CRLF lines."""
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
