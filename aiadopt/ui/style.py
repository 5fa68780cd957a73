"""The app's own style rules, drawn once per run by app.py: what Streamlit's theme cannot set.

Each rule answers an accessibility finding (axe-core and WCAG 2.2 AA; scripts/axe_check.py checks them):
- captions readable: Streamlit fades them to 60 % of the text colour, 3.9:1 on white; 75 % gives
  6.1:1 on white and at least 5.6:1 on the grey and tinted panels (4.5:1 is needed);
- a visible focus ring on every control reached by keyboard, in the theme's primary colour
  (at least 3:1 against the page), including switches and checkboxes whose real input is hidden;
- on narrow screens, 16 px text, and 16 px in fields (phones zoom the page into a smaller field);
- touch targets at least 24 x 24 px (the number fields' steppers).
"""

from __future__ import annotations

import streamlit as st

CAPTION_OPACITY = 0.75
FOCUS_RING_WIDTH_PX = 2
NARROW_SCREEN_PX = 640  # Streamlit's own phone breakpoint: columns stack below it
PHONE_TEXT_PX = 16  # below 16 px, phone browsers zoom the page when a field takes focus
PHONE_CAPTION_PX = 14  # hints under a field stay a step smaller than the text they explain
TARGET_PX = 24  # WCAG 2.2 "Target Size (Minimum)"
DEFAULT_FOCUS_COLOUR = "#1f6f5c"  # used only when the theme names no primary colour

# Controls whose own element takes the ring; text fields ring their whole box instead (below).
_RINGED_CONTROLS = (
    "button, a[href], summary, [role='tab'], [role='slider'], [role='switch'], [role='radio'], "
    "[role='checkbox'], [role='option'], [role='button'], [tabindex]:not([tabindex='-1'])"
)
# The box around a field: its input's own outline would sit inside the border, half hidden.
# Streamlit 1.67 draws text fields, text areas and choice boxes with react-aria (a root element, or a
# role='group' box around the input); the older Base Web boxes are kept for the widgets still drawn so.
_FIELD_BOXES = (
    "[data-testid='stTextInputRootElement'], [data-testid='stTextAreaRootElement'], "
    ":is([data-testid='stSelectbox'], [data-testid='stMultiSelect']) [role='group'], "
    "[data-baseweb='input'], [data-baseweb='textarea'], [data-baseweb='select'] > div, "
    "[data-testid='stNumberInputContainer'], [data-testid='stDateInputField'], [data-testid='stChatInput']"
)
# Small targets a finger must hit, in Streamlit 1.67: the date's month and day (18 x 20 px), its calendar
# button (24 x 16), the help marks beside labels (16 x 16), the chart's tool buttons (24 x 22); and the
# number fields' steppers, 32 px wide today, kept at 24 px at least.
_SMALL_TARGETS = (
    "[data-testid='stDateInputField'] [role='spinbutton'], [data-testid='stDateInputCalendarButton'], "
    "[data-testid='stTooltipHoverTarget'] button, .modebar-btn, "
    "[data-testid='stNumberInputStepUp'], [data-testid='stNumberInputStepDown']"
)
# Of those, the ones whose text or mark must stay centred in the larger box.
_CENTRED_TARGETS = "[data-testid='stDateInputField'] [role='spinbutton'], [data-testid='stTooltipHoverTarget'] button"

# Text already larger than body text, which the phone rule must leave as it is.
_LARGE_TEXT = "[data-testid='stMetricValue'], h1, h2, h3, h4, h5, h6"


def style_rules(focus_colour: str) -> str:
    """The style sheet, as text (plain data: the rules can be read and tested without a browser)."""
    ring = f"outline: {FOCUS_RING_WIDTH_PX}px solid {focus_colour} !important; outline-offset: 2px;"
    field_ring = f"outline: {FOCUS_RING_WIDTH_PX}px solid {focus_colour} !important; outline-offset: 1px;"
    return f"""
.stApp [data-testid="stCaptionContainer"] {{ opacity: {CAPTION_OPACITY}; }}
.stApp :is({_RINGED_CONTROLS}):not(input, textarea, :is({_FIELD_BOXES}) *):focus-visible {{ {ring} }}
.stApp label:has(input:is([type='checkbox'], [type='radio']):focus-visible) {{ {ring} border-radius: 4px; }}
.stApp :is({_FIELD_BOXES}):focus-within {{ {field_ring} }}
.stApp :is({_FIELD_BOXES}) :is(input, textarea, [role='spinbutton']):focus-visible {{ outline: none; }}
.stApp :is({_SMALL_TARGETS}) {{ min-width: {TARGET_PX}px; min-height: {TARGET_PX}px; }}
.stApp :is({_CENTRED_TARGETS}) {{ display: inline-flex; align-items: center; justify-content: center; }}
@media (max-width: {NARROW_SCREEN_PX}px) {{
  .stApp :is(p, li, label, [role='tab'], td, th):not(:is({_LARGE_TEXT}) *) {{ font-size: {PHONE_TEXT_PX}px; }}
  .stApp [data-testid="stCaptionContainer"] :is(p, li) {{ font-size: {PHONE_CAPTION_PX}px; }}
  .stApp :is(input, textarea, select, [data-baseweb='select'] div) {{ font-size: {PHONE_TEXT_PX}px !important; }}
}}
"""


def draw_style() -> None:
    """Draw the app's style rules on this run (a style-only element takes no room on the page)."""
    colour = st.get_option("theme.primaryColor") or DEFAULT_FOCUS_COLOUR
    st.html(f"<style>{style_rules(colour)}</style>")
