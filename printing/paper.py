"""The paper kinds Sewaka prints on."""

from __future__ import annotations

import enum
from dataclasses import dataclass

# reportlab's own values (reportlab.lib.units.mm, pagesizes.A4), written out so that
# knowing the paper sizes does not load reportlab on the start-up path.
mm = 72 / 25.4  # points per millimetre
A4 = (210 * mm, 297 * mm)  # width, height in points

THERMAL_DPI = 203  # 8 dots per mm, the common thermal head


@dataclass(frozen=True)
class PaperSpec:
    width_pt: float  # the page width of the PDF
    printable_width_pt: float  # what the head (or the margins) let ink reach
    margin_pt: float  # left margin so the printable area is centred
    fixed_height_pt: float | None  # None: a roll, the page is as long as its content
    dots: int | None  # printable width in dots (thermal rolls)
    columns: int | None  # characters per line in the printer's font A (thermal rolls)


class Paper(enum.StrEnum):
    ROLL_58 = "58"
    ROLL_80 = "80"
    A4 = "a4"

    @property
    def spec(self) -> PaperSpec:
        return _SPECS[self]

    @property
    def is_roll(self) -> bool:
        return self.spec.fixed_height_pt is None


def _roll(paper_mm: float, dots: int, columns: int) -> PaperSpec:
    printable = dots / THERMAL_DPI * 25.4 * mm
    width = paper_mm * mm
    return PaperSpec(width, printable, (width - printable) / 2, None, dots, columns)


_SPECS = {
    Paper.ROLL_58: _roll(58, 384, 32),
    Paper.ROLL_80: _roll(80, 576, 48),
    Paper.A4: PaperSpec(A4[0], A4[0] - 40 * mm, 20 * mm, A4[1], None, None),
}
