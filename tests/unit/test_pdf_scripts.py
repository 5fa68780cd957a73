"""Issue 9, finding 10: the PDFs draw the scripts people type (read back with pdftotext)."""

from __future__ import annotations

import subprocess

from aiadopt.formats import pdf_layout, report_pdf
from tests.unit.test_exports import GATES, LABELS, WEIGHTS, WORKSHOP, make_shortlist

TITLES = [
    "請求書の照合に毎週三時間",  # Japanese
    "发票核对太慢",  # Chinese
    "매주 송장 대조",  # Korean
    "مطابقة الفواتير يدويا",  # Arabic: letters join, right to left
    "התאמת חשבוניות",  # Hebrew
    "Lorries 🚚 wait for paperwork 📦",  # emoji
]


def read_back(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_the_fonts_and_the_shaping_the_pdfs_need_are_installed():
    # `make test` and `make run` install them (scripts/ensure_system_packages.sh, requirements.txt).
    assert set(pdf_layout.script_fonts()) == {"CJK", "Symbols"}
    assert pdf_layout.shaping_available()


def test_a_report_draws_chinese_japanese_korean_hebrew_and_emoji_not_boxes():
    pdf = report_pdf.report_pdf(make_shortlist(TITLES), WEIGHTS, LABELS, GATES, WORKSHOP | {"name": "Atelier 日本語"})
    text = read_back(pdf)
    assert pdf_layout.REPLACEMENT not in text
    for expected in ("請求書の照合", "发票核对太慢", "송장 대조", "Atelier 日本語", "🚚"):
        assert expected in text, expected
    assert set("התאמת") <= set(text)  # right-to-left words come back in whatever order the reader picks


def test_arabic_letters_are_joined():
    """Shaped, each Arabic letter takes the form of its place in the word: not the isolated letters."""
    joined = pdf_layout.Document()
    joined.add_page()
    joined.set_font(pdf_layout.FONT, "", 12)
    joined.cell(text="مطابقة")
    isolated = pdf_layout.Document()
    isolated.set_text_shaping(False)
    isolated.add_page()
    isolated.set_font(pdf_layout.FONT, "", 12)
    isolated.cell(text="مطابقة")
    assert joined.text_shaping and not isolated.text_shaping
    assert bytes(joined.output()) != bytes(isolated.output())
    assert set("مطابقة") <= set(read_back(bytes(joined.output())))
