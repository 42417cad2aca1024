"""The office's logo as a reportlab image, shared by receipts and reports."""

from __future__ import annotations

import math
from pathlib import Path

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image


def logo_image(path: Path | None, height: float, max_width: float = math.inf) -> Image | None:
    """The logo ``height`` tall (narrower if it would exceed ``max_width``, keeping its shape).

    ``None`` when there is no logo or it cannot be read as an image: a missing or damaged
    logo must never stop a document.
    """
    if path is None:
        return None
    try:
        image_width, image_height = ImageReader(str(path)).getSize()
    except Exception:
        return None
    if image_width <= 0 or image_height <= 0:
        return None
    width = min(max_width, image_width * height / image_height)
    return Image(str(path), width=width, height=width * image_height / image_width)
