"""A small A4 layout engine on fpdf2: embedded fonts, safe text, wrapping, headings and tables.

The main font is matplotlib's own DejaVu Sans (Latin, Greek, Cyrillic, Arabic, Hebrew), so the
PDFs never depend on the machine for those. Chinese, Japanese and Korean come from WenQuanYi Micro
Hei and emoji and symbols from Symbola, Debian's `fonts-wqy-microhei` and `fonts-symbola`, which
the README's commands install; text shaping (HarfBuzz, through uharfbuzz) joins Arabic letters and
orders right-to-left text. A character no font can draw becomes □, so nothing breaks an export.

Text is wrapped in its logical order (the order it was typed), and each line remembers the
direction of its paragraph: a line of a Hebrew title that starts with a Latin word still reads
right to left, as the rest of its paragraph does. Table headings wrap at spaces only; a word wider
than its column gets a smaller font, never a hyphen-less break.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.bidi import auto_detect_base_direction
from fpdf.enums import TextDirection

from aiadopt.domain.data_classes import colour_of, rgb
from aiadopt.domain.language import N_
from aiadopt.formats import palette
from aiadopt.formats.cells import is_missing
from aiadopt.i18n import t

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT = "DejaVu"
FALLBACK_FONT = "DejaVuFallback"  # the regular face, for glyphs a bold or oblique face lacks
SYSTEM_FONTS = Path("/usr/share/fonts")
# Fonts for the scripts DejaVu lacks, by file name, from Debian's packages (used when installed).
SCRIPT_FONTS = {
    "CJK": "wqy-microhei.ttc",  # fonts-wqy-microhei: Chinese, Japanese, Korean
    "Symbols": "Symbola_hint.ttf",  # fonts-symbola: emoji and symbols, drawn in one colour
}
REPLACEMENT = "□"  # shown for a character the font cannot draw
CREATOR = N_("Workflow discovery workshop")  # the app, as a file's properties name it
PAGE_COUNT_ALIAS = "{nb}"  # fpdf2 writes the number of pages where this appears
_PDF_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

INK = rgb(palette.INK)
MUTED = rgb(palette.MUTED)
RULE = rgb(palette.RULE)
HEAD_FILL = rgb(palette.HEAD_FILL)
ZEBRA = rgb(palette.ZEBRA)
TEXT = (40, 48, 56)  # body text


@functools.lru_cache(maxsize=1)
def script_fonts() -> dict[str, Path]:
    """The fonts for other scripts found on this machine, by family name."""
    found = {}
    for family, name in SCRIPT_FONTS.items():
        path = next(iter(sorted(SYSTEM_FONTS.rglob(name))), None) if SYSTEM_FONTS.is_dir() else None
        if path is not None:
            found[family] = path
    return found


@functools.lru_cache(maxsize=1)
def shaping_available() -> bool:
    """Whether HarfBuzz (uharfbuzz) is there to join Arabic letters and order right-to-left text."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _drawable() -> frozenset[int]:
    """Code points the embedded fonts can draw (bold and oblique fall back to regular)."""
    from fontTools.ttLib import TTFont

    points = set(TTFont(str(FONT_DIR / FONT_FILES[""])).getBestCmap())
    for path in script_fonts().values():
        points.update(TTFont(str(path), fontNumber=0, lazy=True).getBestCmap())
    return frozenset(points)


def pdf_text(value: object) -> str:
    """Text the embedded font can draw: others become □ (invisible marks are dropped)."""
    if is_missing(value):
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _PDF_CONTROL.sub("", text).replace("\t", " ").replace(PAGE_COUNT_ALIAS, "{ nb }")
    drawable = _drawable()
    out = []
    for ch in text:
        if ord(ch) in drawable or ch == "\n":
            out.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cs", "Co"):
            continue  # variation selectors, joiners, stray surrogates: nothing to show
        else:
            out.append(REPLACEMENT)
    return "".join(out)


class Line(str):
    """One wrapped line of text, knowing whether its paragraph reads right to left."""

    rtl: bool = False

    def __new__(cls, text: str, rtl: bool = False) -> Line:
        line = super().__new__(cls, text)
        line.rtl = rtl
        return line


def reads_right_to_left(paragraph: str) -> bool:
    """Whether a paragraph reads right to left: its first letter with a direction is Hebrew or Arabic."""
    return auto_detect_base_direction(paragraph) == TextDirection.RTL


def metadata_text(value: object, limit: int = 300) -> str:
    """Text for a PDF's document information (title, author, subject): one line, no control characters."""
    if is_missing(value):
        return ""
    text = " ".join(_PDF_CONTROL.sub(" ", unicodedata.normalize("NFC", str(value))).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Document(FPDF):
    """A4 document with the embedded font, a running header and 'Page n of N' footer.

    `title` (what the document is, and of which workshop), `subject` and `author` go into the PDF's
    document information, which viewers show as the window's title and in the file's properties.
    """

    def __init__(
        self,
        running_title: str = "",
        stamp: str = "",
        compress: bool = True,
        *,
        title: str = "",
        subject: str = "",
        author: str = "",
    ):
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, str(FONT_DIR / name))
        self.add_font(FALLBACK_FONT, "", str(FONT_DIR / FONT_FILES[""]))
        for family, path in script_fonts().items():
            self.add_font(family, "", str(path))
        self.set_fallback_fonts([FALLBACK_FONT, *script_fonts()], exact_match=False)
        if shaping_available():
            self.set_text_shaping(True)
        self.set_compression(compress)
        self.set_margins(16, 16, 16)
        self.set_auto_page_break(True, margin=18)
        self.running_title = pdf_text(running_title)
        self.stamp = pdf_text(stamp)
        self.show_chrome = True
        self.set_title(metadata_text(title) or metadata_text(running_title) or t(CREATOR))
        if metadata_text(subject):
            self.set_subject(metadata_text(subject))
        if metadata_text(author):
            self.set_author(metadata_text(author))
        self.set_creator(t(CREATOR))

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        """A cell; a wrapped `Line` is drawn in its paragraph's direction, not guessed from the line alone."""
        if not isinstance(text, Line) or not self.text_shaping:
            return super().cell(w, h, text, *args, **kwargs)
        chosen = self.text_shaping["direction"]
        self.text_shaping["direction"] = TextDirection.RTL if text.rtl else TextDirection.LTR
        try:
            return super().cell(w, h, str(text), *args, **kwargs)
        finally:
            self.text_shaping["direction"] = chosen

    def header(self):
        """The running title and stamp above a rule, from the second page on."""
        if not self.show_chrome or self.page_no() == 1:
            return
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.set_xy(self.l_margin, 8)
        self.cell(self.epw * 0.75, 4, fit_text(self, self.running_title, self.epw * 0.75))
        self.set_xy(self.l_margin, 8)
        self.cell(self.epw, 4, self.stamp, align="R")
        self.set_draw_color(*RULE)
        self.line(self.l_margin, 13, self.w - self.r_margin, 13)
        self.set_y(self.t_margin)

    def footer(self):
        """'Page n of N' at the foot of every page."""
        if not self.show_chrome:
            return
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 4, t("Page {page} of {pages}", page=self.page_no(), pages=PAGE_COUNT_ALIAS), align="C")


def fit_text(pdf: FPDF, text: str, width: float) -> str:
    """One line of `text` that fits `width`, ending in … when shortened (a `Line` keeps its direction)."""
    if pdf.get_string_width(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if pdf.get_string_width(text[:middle].rstrip() + "…") <= width:
            low = middle
        else:
            high = middle - 1
    shortened = text[:low].rstrip(" ,;:") + "…"
    return Line(shortened, text.rtl) if isinstance(text, Line) else shortened


def wrap_text(pdf: FPDF, text: str, width: float, max_lines: int | None = None, break_words: bool = True) -> list[Line]:
    """Greedy word wrap in the current font, in logical order; the last kept line ends in … when cut.

    Each line carries its paragraph's direction (see `Line`). A word longer than the line is split
    across lines, unless `break_words` is false: then it keeps a line of its own, wider than `width`
    (the caller shrinks the font, as table headings do).
    """
    lines: list[Line] = []
    for paragraph in text.split("\n"):
        rtl = reads_right_to_left(paragraph)
        words = paragraph.split(" ")
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if pdf.get_string_width(candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(Line(current, rtl))
            while break_words and pdf.get_string_width(word) > width:  # a word longer than the line
                piece = fit_text(pdf, word, width)[:-1] or word[:1]
                lines.append(Line(piece, rtl))
                word = word[len(piece) :]
            current = word
            if max_lines is not None and len(lines) > max_lines:
                break
        lines.append(Line(current, rtl))
        if max_lines is not None and len(lines) > max_lines:
            break
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        shortened = fit_text(pdf, last + " …", width) if last else "…"
        if not shortened.endswith("…"):
            shortened = fit_text(pdf, shortened + "…", width)
        kept[-1] = Line(shortened, last.rtl)  # fit_text keeps a Line's direction; "…" alone has none
        return kept
    return lines


HEADING_MIN_SCALE = 0.6  # a table heading may shrink to this share of the table's size to keep its words whole


def fit_heading(pdf: FPDF, text: str, width: float, size: float, max_lines: int) -> tuple[float, list[Line]]:
    """A table heading's font size and lines: wrapped at spaces only, in at most `max_lines` lines.

    The font shrinks (to `HEADING_MIN_SCALE` of `size` at the least) until every word fits the
    column and the heading fits its lines; a heading still too long at the smallest size ends in …
    after its last whole word that fits, and a single word still too wide is shortened with ….
    """
    style = pdf.font_style
    smallest = size * HEADING_MIN_SCALE
    current = size
    while True:
        pdf.set_font(FONT, style, current)
        lines = wrap_text(pdf, text, width, break_words=False)
        fits = len(lines) <= max_lines and all(pdf.get_string_width(line) <= width for line in lines)
        if fits or current <= smallest:
            break
        current = max(smallest, round(current - 0.2, 2))
    if not fits:
        lines = wrap_text(pdf, text, width, max_lines, break_words=False)
        lines = [Line(fit_text(pdf, line, width), line.rtl) for line in lines]  # a word too wide even now
    pdf.set_font(FONT, style, size)
    return current, lines


def draw_heading(pdf: FPDF, text: str, size: float = 12.5, space_before: float = 5, room_after: float = 16) -> None:
    """A section heading, moved to a new page when less than `room_after` is left under it."""
    if pdf.will_page_break(space_before + room_after):
        pdf.add_page()
    else:
        pdf.ln(space_before)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*INK)
    for line in wrap_text(pdf, pdf_text(text), pdf.epw):
        pdf.cell(pdf.epw, size * 0.48, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.2)


def draw_paragraph(
    pdf: FPDF, text: str, size: float = 9.2, colour: tuple[int, int, int] = TEXT, style: str = ""
) -> None:
    """A wrapped paragraph across the page's width, breaking pages between lines."""
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    line_height = size * 0.5
    for line in wrap_text(pdf, pdf_text(text), pdf.epw):
        if pdf.will_page_break(line_height):
            pdf.add_page()
        pdf.set_x(pdf.l_margin)
        pdf.cell(pdf.epw, line_height, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.4)


def draw_dot(pdf: FPDF, x: float, y: float, data_class: str, radius: float = 1.3) -> None:
    """A small disc in a data class's colour (grey for a class this version does not know)."""
    pdf.set_fill_color(*rgb(colour_of(data_class)))
    pdf.ellipse(x, y, radius * 2, radius * 2, style="F")


HEADING_LINES = 4  # a table heading wraps to at most this many lines (then its font shrinks)


def draw_table(
    pdf: FPDF,
    columns: list[tuple[str, float, str]],
    rows: list[list[str]],
    size: float = 7.8,
    max_lines: int = 2,
    dot_column: int | None = None,
) -> None:
    """A clean table: shaded heading row (repeated on new pages), zebra rows, wrapped cells."""
    line_height = size * 0.46
    pad = 1.3

    pdf.set_font(FONT, "B", size)
    headings = [fit_heading(pdf, pdf_text(h), w - 2 * pad, size, HEADING_LINES) for h, w, _ in columns]

    heading_height = max(len(lines) for _, lines in headings) * line_height + 2 * pad

    def draw_heading_row() -> None:
        height = heading_height
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_fill_color(*HEAD_FILL)
        pdf.rect(x, y, sum(w for _, w, _ in columns), height, style="F")
        pdf.set_text_color(*INK)
        for (_, width, align), (heading_size, lines) in zip(columns, headings):
            pdf.set_font(FONT, "B", heading_size)
            for index, line in enumerate(lines):
                pdf.set_xy(x + pad, y + pad + index * line_height)
                pdf.cell(width - 2 * pad, line_height, line, align=align)
            x += width
        pdf.set_y(y + height)

    # The heading row never stays alone at the foot of a page: it goes over with the first row.
    if pdf.will_page_break(heading_height + max_lines * line_height + 2 * pad):
        pdf.add_page()
    draw_heading_row()
    total_width = sum(w for _, w, _ in columns)
    for number, row in enumerate(rows):
        pdf.set_font(FONT, "", size)
        wrapped = []
        for index, ((_, width, _), value) in enumerate(zip(columns, row)):
            inner = width - 2 * pad - (3.6 if index == dot_column else 0)
            wrapped.append(wrap_text(pdf, pdf_text(value), inner, max_lines))
        height = max(len(lines) for lines in wrapped) * line_height + 2 * pad
        if pdf.will_page_break(height):
            pdf.add_page()
            draw_heading_row()
            pdf.set_font(FONT, "", size)
        x, y = pdf.l_margin, pdf.get_y()
        if number % 2:
            pdf.set_fill_color(*ZEBRA)
            pdf.rect(x, y, total_width, height, style="F")
        pdf.set_text_color(35, 42, 50)
        for index, ((_, width, align), lines) in enumerate(zip(columns, wrapped)):
            offset = 0.0
            if index == dot_column and row[index]:
                draw_dot(pdf, x + pad, y + pad + line_height / 2 - 1.3, str(row[index]).lower())
                offset = 3.6
            for line_index, line in enumerate(lines):
                pdf.set_xy(x + pad + offset, y + pad + line_index * line_height)
                pdf.cell(width - 2 * pad - offset, line_height, line, align=align)
            x += width
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.15)
        pdf.line(pdf.l_margin, y + height, pdf.l_margin + total_width, y + height)
        pdf.set_y(y + height)
    pdf.ln(2)


def draw_image(pdf: FPDF, png: bytes, width: float, aspect: float) -> None:
    """A PNG centred across the page at `width`, on a new page when it does not fit."""
    height = width * aspect
    if pdf.will_page_break(height + 2):
        pdf.add_page()
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.epw - width) / 2, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + 2)


def figure_aspect(figure) -> float:
    """A matplotlib figure's height over its width."""
    width, height = figure.get_size_inches()
    return float(height / width)
