"""Colours of Sewaka's documents, in one place, as ``#rrggbb`` text.

Plain strings, so that the renderers (reportlab: ``colors.HexColor``) and any screen that
mirrors a printout (Qt style sheets) use the same values without importing each other.
"""

from __future__ import annotations

# One colour per status, in the order of a request's life.
STATUS_COLOURS: dict[str, str] = {
    "waiting": "#f2b134",
    "called": "#ed7d31",
    "serving": "#4472c4",
    "on_hold": "#a5a5a5",
    "ready": "#70ad47",
    "picked_up": "#2e7d32",
    "rejected": "#c00000",
    "cancelled": "#7f6000",
}
UNKNOWN_STATUS = "#808080"

BAR = "#4472c4"  # the bars of the per-service chart
RULE = "#808080"  # table grid and rules
HEADER_FILL = "#e8e8e8"  # table headers and totals
TOTAL_COLUMN_FILL = "#f4f4f4"
STRIPE_FILL = "#f6f6f6"  # every other row of a long table
MUTED_TEXT = "#404040"  # "generated at", notes
FOOTER_TEXT = "#505050"  # page footers

TRAINING = "#c00000"  # LATIHAN: on paper and on screen
GOOD = "#1b5e20"  # a genuine receipt, a finished print
BAD = "#b00020"  # a forged or unreadable receipt, a failed print
WARNING = "#8a5a00"  # genuine, but rejected/cancelled or not in this office's records
