"""One palette for every chart and document: plotly on screen, matplotlib and the PDF layout, spreadsheets.

Data classes have their own colours, decided once in `aiadopt.domain.data_classes`.
"""

from __future__ import annotations

INK = "#1F3858"  # titles, bars and heading rows, in every format
MUTED = "#5F6B78"  # secondary text in PDFs: kickers, captions, the running header
RULE = "#CDD5DE"  # thin lines under table rows and the running header
HEAD_FILL = "#E8EEF4"  # table heading rows and the charter's KPI band
ZEBRA = "#F7F9FB"  # every other table row
CHART_MUTED = "#51606F"  # tick labels and quadrant names in charts
CHART_TEXT = "#33414F"  # numbers written on or beside bars
GUIDE_LINE = "#9AA5B1"  # the dashed lines that split the value-versus-ease matrix
QUICK_WIN_FILL = "#EAF4EA"  # the high-value, easy quadrant
POINTS_MISSED = "#E3E8EE"  # the part of a criterion's points a candidate did not earn
VALUE_COLOUR = "#3F6FB5"  # value criteria in contribution charts, hours bars
EASE_COLOUR = "#2E8B57"  # ease criteria in contribution charts
