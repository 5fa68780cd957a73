"""The colours of exported documents: charts, PDF layouts and spreadsheet headings.

Data classes have their own colours, decided once in `aiadopt.domain.data_classes`.
"""

from __future__ import annotations

INK = "#1F3858"  # titles, bars and heading rows, in every format
MUTED = "#5F6B78"  # secondary text in PDFs: kickers, captions, the running header
RULE = "#CDD5DE"  # thin lines under table rows and the running header
HEAD_FILL = "#E8EEF4"  # table heading rows and the charter's KPI band
ZEBRA = "#F7F9FB"  # every other table row
CHART_MUTED = "#51606F"  # tick labels and quadrant names in charts
