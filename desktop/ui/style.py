"""The screens' colours and text styles, in one place.

The colours that a printout also uses (good, bad, LATIHAN, warning) come from
:mod:`printing.style`, so a receipt check on screen and on paper look alike.
"""

from __future__ import annotations

from desktop.domain.status import Status
from printing import style as paper

ERROR = f"color: {paper.BAD};"  # a field's problem, a failed print or save
ERROR_BOLD = f"color: {paper.BAD}; font-weight: bold;"
INFO = f"color: {paper.GOOD};"  # a valid NIK, a saved request, a finished print
OK_BOLD = f"color: {paper.GOOD}; font-weight: bold;"
WARNING_BOLD = f"color: {paper.WARNING}; font-weight: bold;"
MUTED = "color: gray;"  # counters such as "0/2000 karakter"
TRAINING = f"color: {paper.TRAINING}; font-weight: bold;"  # LATIHAN in the status bar
BANNER = f"background: #fdecea; color: {paper.BAD}; font-weight: bold; padding: 6px;"

EARLIER_DAY = "#8d6e63"  # the queue number of a request left from an earlier office day

# The list's row backgrounds: light tints, so selected and plain rows stay readable.
STATUS_BACKGROUND: dict[Status, str] = {
    Status.WAITING: "#fff8e1",
    Status.CALLED: "#e3f2fd",
    Status.SERVING: "#e8f5e9",
    Status.ON_HOLD: "#fce4ec",
    Status.READY: "#ede7f6",
}
