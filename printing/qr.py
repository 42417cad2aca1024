"""QR codes: made with ``qrcode``, read back with OpenCV.

Reading is a cascade, cheapest first: the image as given (in grayscale), then with
its contrast normalised (CLAHE, Otsu and adaptive thresholds), then each place where a
code was located but not read, cut out and enlarged (x2, x3, x1.5), then the whole
image rescaled (x2 for a small or far-away code, x0.5 for a large noisy photo), then
inverted (light modules on a dark ground). Each variant goes through OpenCV's
ArUco-based detector, then its classic one. OpenCV raises on some inputs (older
versions on payloads that are not UTF-8, odd image shapes); every attempt is wrapped,
so any image and any payload give a list, possibly empty, never an error.

Hostile files: a 438 KB PNG can say it is 20000 x 20000 pixels (1.2 GB once decoded).
A file's size is read from its header (Pillow opens lazily) before anything is decoded:
more than :data:`MAX_PIXELS` (or a file over :data:`MAX_FILE_BYTES`) is refused
(:func:`check_image` raises :class:`ImageTooLarge`; :func:`decode_qr` finds nothing),
except a JPEG, which is decoded at 1/2 to 1/8 scale. Images above
:data:`MAX_DIRECT_PIXELS` are decoded in gray and reduced before any detector sees them
(the detectors slow down steeply with size), and the cascade stops after
:data:`DECODE_BUDGET_S` seconds. Pillow's and OpenCV's own limits are set as well.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_PIXELS = 40_000_000  # decoded at all: a 600 dpi A4 scan is 35 MP, a phone photo 12 MP
MAX_JPEG_PIXELS = 2 * MAX_PIXELS  # a JPEG is decoded at a reduced scale
MAX_FILE_BYTES = 64 * 1024 * 1024  # a 108 MP phone photo is about 30 MB
MAX_DIRECT_PIXELS = 4_000_000  # larger images are reduced to this before detection
DECODE_BUDGET_S = 4.0  # the whole cascade stops trying after this long

# OpenCV reads this when it first decodes: its own refusal of anything larger.
os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(MAX_PIXELS))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import qrcode  # noqa: E402
import qrcode.util  # noqa: E402
from numpy.typing import NDArray  # noqa: E402
from PIL import Image  # noqa: E402

# Pillow refuses (DecompressionBombError) images over twice this when they are opened.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

log = logging.getLogger(__name__)

QUIET_ZONE = 4  # modules of white around the code, as the standard asks
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M  # 15%: a scuffed or faded receipt

_MAX_WORKING_SIDE = 2000  # larger images are also tried at this size, never enlarged past it
_MAX_REGIONS = 4  # places to zoom into

Matrix = tuple[tuple[bool, ...], ...]
ImageInput = str | Path | NDArray[np.uint8] | Image.Image


@functools.lru_cache(maxsize=64)
def qr_matrix(payload: str) -> Matrix:
    """The modules of the smallest code holding ``payload`` (True = dark), no quiet zone.

    ``qrcode`` picks the mask by building and scoring all eight symbols in pure Python
    (about 20 ms for a receipt's payload); here ``qrcode`` builds one symbol and the
    other seven are derived from it and scored with numpy (about 6 ms in all). They are
    scored as printed, format information included (``qrcode`` leaves it blank while
    scoring, so for small codes it may choose another mask).
    """
    first = _symbol(payload.encode("utf-8"), mask=0)
    drawn = np.array(first.get_matrix(), dtype=bool)
    candidates = _candidates(drawn, first.version)
    scores = [penalty(candidate) for candidate in candidates]
    best = candidates[int(np.argmin(scores))]
    return tuple(tuple(row) for row in best.tolist())


def _symbol(data: bytes, mask: int) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=0, mask_pattern=mask)
    code.add_data(data, optimize=0)
    code.make(fit=True)
    return code


# The eight mask conditions of ISO/IEC 18004 (i = row, j = column): where true, a data
# module is inverted.
_MASKS: tuple[Callable[[NDArray[np.int64], NDArray[np.int64]], NDArray[np.bool_]], ...] = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i * j) % 3 + (i + j) % 2) % 2 == 0,
)
_FINDER_LIKE = np.array([1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], dtype=bool)


def _candidates(modules: NDArray[np.bool_], version: int) -> list[NDArray[np.bool_]]:
    """The symbol drawn with mask 0, redrawn with each of the eight masks (format included)."""
    n = modules.shape[0]
    rows, columns = np.indices((n, n))
    data = ~function_modules(version)
    plain = modules ^ (data & _MASKS[0](rows, columns))
    candidates = []
    for mask, condition in enumerate(_MASKS):
        candidate = plain ^ (data & condition(rows, columns))
        _put_format(candidate, mask)
        candidates.append(candidate)
    return candidates


def _put_format(modules: NDArray[np.bool_], mask: int) -> None:
    """Write the 15 format bits (error correction level and mask), both copies."""
    n = modules.shape[0]
    bits = qrcode.util.BCH_type_info((ERROR_CORRECTION << 3) | mask)
    for i in range(15):
        bit = (bits >> i) & 1 == 1
        modules[i if i < 6 else i + 1 if i < 8 else n - 15 + i, 8] = bit
        modules[8, n - i - 1 if i < 8 else 15 - i if i < 9 else 14 - i] = bit


def function_modules(version: int) -> NDArray[np.bool_]:
    """Where a symbol of ``version`` has finder, timing, alignment, format and version
    modules (everything that is not data)."""
    n = version * 4 + 17
    taken = np.zeros((n, n), dtype=bool)
    taken[:9, :9] = taken[:9, n - 8 :] = taken[n - 8 :, :9] = True  # finders + format
    taken[6, :] = taken[:, 6] = True  # timing
    centres = qrcode.util.pattern_position(version)
    for r in centres:
        for c in centres:
            if (r < 9 and c < 9) or (r < 9 and c > n - 9) or (r > n - 9 and c < 9):
                continue  # would overlap a finder
            taken[r - 2 : r + 3, c - 2 : c + 3] = True
    if version >= 7:
        taken[:6, n - 11 : n - 8] = taken[n - 11 : n - 8, :6] = True
    return taken


def penalty(modules: NDArray[np.bool_]) -> int:
    """ISO/IEC 18004 mask penalty: runs, 2x2 blocks, finder-like patterns, dark balance."""
    score = _run_penalty(modules) + _run_penalty(modules.T)
    block = modules[:-1, :-1]
    same = (block == modules[1:, :-1]) & (block == modules[:-1, 1:]) & (block == modules[1:, 1:])
    score += 3 * int(same.sum())
    for lines in (modules, modules.T):
        windows = np.lib.stride_tricks.sliding_window_view(lines, 11, axis=1)
        score += 40 * int(np.all(windows == _FINDER_LIKE, axis=2).sum())
        score += 40 * int(np.all(windows == _FINDER_LIKE[::-1], axis=2).sum())
    dark = 100 * float(modules.mean())
    return score + 10 * int(abs(dark - 50) // 5)


def _run_penalty(lines: NDArray[np.bool_]) -> int:
    """3 + (length - 5) for every run of five or more same-coloured modules in a row."""
    marked = np.concatenate(
        [lines.astype(np.int8), np.full((lines.shape[0], 1), 2, dtype=np.int8)], axis=1
    ).ravel()
    starts = np.flatnonzero(np.concatenate(([True], marked[1:] != marked[:-1])))
    lengths = np.diff(np.append(starts, marked.size))
    long = lengths[(marked[starts] != 2) & (lengths >= 5)]
    return int((long - 2).sum())


def qr_image(payload: str, module_px: int = 4, quiet_zone: int = QUIET_ZONE) -> Image.Image:
    """The code as a black-and-white (mode ``"L"``) image, ``module_px`` pixels per module."""
    if module_px < 1:
        raise ValueError("module_px must be at least 1")
    modules = np.array(qr_matrix(payload), dtype=bool)
    modules = np.pad(modules, quiet_zone, constant_values=False)
    pixels = np.where(modules, 0, 255).astype(np.uint8)
    pixels = np.repeat(np.repeat(pixels, module_px, axis=0), module_px, axis=1)
    return Image.fromarray(pixels, mode="L")


# -- reading ---------------------------------------------------------------------------


class ImageTooLarge(ValueError):
    """An image (or file) too large to decode safely; nothing of it was decoded."""

    def __init__(
        self,
        width: int | None,
        height: int | None,
        file_bytes: int | None = None,
        pixels: int | None = None,
    ) -> None:
        self.width = width
        self.height = height
        self.file_bytes = file_bytes
        self.pixels = width * height if width and height else pixels
        size = f"{self.pixels} pixels" if self.pixels else f"{file_bytes} bytes"
        super().__init__(f"image too large: {size}")


@dataclass(frozen=True)
class ImageHeader:
    width: int
    height: int
    format: str  # Pillow's name: "PNG", "JPEG", ...

    @property
    def pixels(self) -> int:
        return self.width * self.height


def image_header(path: str | Path) -> ImageHeader | None:
    """The size and format an image file says it has, read from its header only.

    ``None`` when Pillow does not recognise the file (not an image, or a format only
    OpenCV knows). Raises :class:`ImageTooLarge` for a file over :data:`MAX_FILE_BYTES`
    or an image Pillow itself calls a decompression bomb, and :class:`OSError` when the
    file cannot be read.
    """
    file_bytes = os.stat(path).st_size
    if file_bytes > MAX_FILE_BYTES:
        raise ImageTooLarge(None, None, file_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as opened:  # lazy: reads the header, decodes nothing
                return ImageHeader(opened.width, opened.height, opened.format or "")
    except Image.DecompressionBombError as bomb:
        # "Image size (400000000 pixels) exceeds limit of ...": the size, if it says it.
        said = re.search(r"\((\d+) pixels\)", str(bomb))
        pixels = int(said.group(1)) if said else None
        raise ImageTooLarge(None, None, file_bytes, pixels) from None
    except OSError:
        if not os.path.isfile(path):
            raise
        return None  # Pillow does not know it: OpenCV's own limit still applies
    except Exception:  # Pillow raises many kinds on damaged headers
        return None


def check_image(path: str | Path) -> ImageHeader | None:
    """:func:`image_header`, and :class:`ImageTooLarge` if it is too large to decode."""
    header = image_header(path)
    if header is None:
        return None
    limit = MAX_JPEG_PIXELS if header.format == "JPEG" else MAX_PIXELS
    if header.width <= 0 or header.height <= 0 or header.pixels > limit:
        raise ImageTooLarge(header.width, header.height)
    return header


def decode_qr(image: ImageInput, budget: float = DECODE_BUDGET_S) -> list[str]:
    """Every QR payload found in ``image`` (a file path, an array or a PIL image).

    Payloads that are not UTF-8 come back decoded as Latin-1 (the QR standard's
    own default) instead of failing. An unreadable or oversized file gives an empty
    list, and so does an image still unread after ``budget`` seconds.
    """
    deadline = time.monotonic() + budget
    gray = _load_gray(image)
    if gray is None or gray.size == 0 or min(gray.shape[:2]) < 21:
        return []
    gray = _reduced(gray, MAX_DIRECT_PIXELS)
    detectors = _detectors()
    for attempt in _attempts(gray):
        found = _detect(detectors, attempt)
        if found:
            return found
        if time.monotonic() > deadline:
            log.info("QR reading stopped after %.1f s without a code", budget)
            break
    return []


def _reduced(gray: NDArray[np.uint8], pixels: int) -> NDArray[np.uint8]:
    """``gray`` shrunk (area-averaged) to at most ``pixels`` pixels."""
    height, width = gray.shape[:2]
    if height * width <= pixels:
        return gray
    factor = math.sqrt(pixels / (height * width))
    size = (max(21, int(width * factor)), max(21, int(height * factor)))
    return _u8(cv2.resize(gray, size, interpolation=cv2.INTER_AREA))


def _attempts(gray: NDArray[np.uint8]) -> Iterator[NDArray[np.uint8]]:
    """The image variants to try, cheapest and most likely first (made lazily)."""
    yield gray
    height, width = gray.shape[:2]
    if max(height, width) > _MAX_WORKING_SIDE:  # a page scan or a phone photo: work smaller
        factor = _MAX_WORKING_SIDE / max(height, width)
        gray = _u8(cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA))
        height, width = gray.shape[:2]
        yield gray
    for make in (_clahe, _otsu, _adaptive):
        yield _safe(make, gray)
    # Found but not read (modules of a pixel or three, not on whole pixels): zoom in.
    for top, bottom, left, right in _regions(gray):
        crop = gray[top:bottom, left:right]
        for factor in (2, 3, 1.5):
            zoomed = _u8(
                cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
            )
            yield zoomed
            yield _safe(_otsu, zoomed)
    if max(height, width) * 2 <= _MAX_WORKING_SIDE:
        bigger = _u8(cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC))
        yield bigger
        yield _safe(_otsu, bigger)
    if min(height, width) >= 84:
        yield _u8(cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))
    yield 255 - gray  # light modules on a dark ground


def _regions(gray: NDArray[np.uint8]) -> list[tuple[int, int, int, int]]:
    """``(top, bottom, left, right)`` of every place a detector thinks a code is, with room
    for the quiet zone; at most a few."""
    corners: list[NDArray[np.float32]] = []
    locators: list[Callable[[], Any]] = [lambda: cv2.QRCodeDetector().detectMulti(gray)]
    if hasattr(cv2, "QRCodeDetectorAruco"):
        locators.insert(0, lambda: cv2.QRCodeDetectorAruco().detectMulti(gray))
    for locate in locators:
        try:
            found, points = locate()[:2]
        except Exception as exc:
            log.debug("QR location attempt failed: %s", exc)
            continue
        if found and points is not None:
            corners += [np.asarray(p, dtype=np.float32).reshape(-1, 2) for p in points]
    height, width = gray.shape[:2]
    boxes: list[tuple[int, int, int, int]] = []
    for quad in corners[:_MAX_REGIONS]:
        (x0, y0), (x1, y1) = quad.min(axis=0), quad.max(axis=0)
        margin = 0.15 * max(x1 - x0, y1 - y0) + 8
        box = (
            max(0, int(y0 - margin)),
            min(height, int(y1 + margin) + 1),
            max(0, int(x0 - margin)),
            min(width, int(x1 + margin) + 1),
        )
        if box[1] - box[0] >= 21 and box[3] - box[2] >= 21 and box not in boxes:
            boxes.append(box)
    return boxes


def _detectors() -> list[Callable[[NDArray[np.uint8]], list[str]]]:
    """Decoders to run on each variant: OpenCV's ArUco-based detector finds codes the
    classic one misses (small modules, busy pages); the classic one is the fallback."""
    found: list[Callable[[NDArray[np.uint8]], list[str]]] = []
    if hasattr(cv2, "QRCodeDetectorAruco"):
        found.append(functools.partial(_decode_multi, cv2.QRCodeDetectorAruco()))
    found.append(functools.partial(_decode_single, cv2.QRCodeDetector()))
    return found


def _detect(
    detectors: list[Callable[[NDArray[np.uint8]], list[str]]], image: NDArray[np.uint8]
) -> list[str]:
    for decode in detectors:
        try:
            found = [t for t in decode(image) if t]
        except Exception as exc:  # OpenCV raises cv2.error, UnicodeDecodeError, ...
            log.debug("QR detection attempt failed: %s", exc)
            continue
        if found:
            return list(dict.fromkeys(found))  # distinct, in the order found
    return []


def _decode_multi(detector: Any, image: NDArray[np.uint8]) -> list[str]:
    if hasattr(detector, "detectAndDecodeBytesMulti"):
        ok, payloads = detector.detectAndDecodeBytesMulti(image)[:2]
    else:
        ok, payloads = detector.detectAndDecodeMulti(image)[:2]
    return [_text(p) for p in payloads] if ok else []


def _decode_single(detector: Any, image: NDArray[np.uint8]) -> list[str]:
    if hasattr(detector, "detectAndDecodeBytes"):
        payload = detector.detectAndDecodeBytes(image)[0]
    else:
        payload = detector.detectAndDecode(image)[0]
    return [_text(payload)]


def _text(payload: str | bytes | None) -> str:
    if payload is None:
        return ""
    if isinstance(payload, str):
        return payload
    raw = bytes(payload)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# -- image preparation -----------------------------------------------------------------


def _load_gray(image: ImageInput) -> NDArray[np.uint8] | None:
    try:
        if isinstance(image, str | Path):
            return _load_file(Path(image))
        if isinstance(image, Image.Image):
            return _pil_to_gray(image)
        return _to_gray(np.asarray(image), bgr=False)
    except ImageTooLarge as exc:
        log.info("image not decoded: %s", exc)
        return None
    except Exception as exc:  # unreadable file, odd array: nothing to decode
        log.debug("cannot load image for QR decoding: %s", exc)
        return None


def _load_file(path: Path) -> NDArray[np.uint8] | None:
    """A file's pixels in gray, decoded only once its header says it is safe to."""
    header = check_image(path)
    if header is not None and header.format == "JPEG" and header.pixels > MAX_DIRECT_PIXELS:
        return _jpeg_reduced(path, header)
    large = header is not None and header.pixels > MAX_DIRECT_PIXELS
    data = np.fromfile(str(path), dtype=np.uint8)  # imread fails on non-ASCII paths
    # A large image is decoded straight to 8-bit gray (a quarter of the memory of colour
    # with transparency, an eighth of 16-bit); a small one as it is, transparency and all.
    flags = cv2.IMREAD_GRAYSCALE if large else cv2.IMREAD_UNCHANGED
    array = cv2.imdecode(data, flags) if data.size else None
    del data
    if array is None and header is not None:
        array = _via_pillow(path)
    if array is None:
        return None
    return _to_gray(array, bgr=True)


def _jpeg_reduced(path: Path, header: ImageHeader) -> NDArray[np.uint8]:
    """A large JPEG decoded at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling: the full
    image never exists in memory)."""
    factor = math.sqrt(MAX_DIRECT_PIXELS / header.pixels)
    wanted = (max(1, int(header.width * factor)), max(1, int(header.height * factor)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as opened:
            opened.draft("L", wanted)
            if opened.width * opened.height > MAX_PIXELS:
                raise ImageTooLarge(header.width, header.height)
            return np.asarray(opened.convert("L"), dtype=np.uint8)


def _via_pillow(path: Path) -> NDArray[np.uint8] | None:
    try:
        with Image.open(path) as opened:
            return _pil_to_gray(opened)
    except Exception:
        return None


def _pil_to_gray(image: Image.Image) -> NDArray[np.uint8]:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        ground = Image.new("RGBA", image.size, (255, 255, 255, 255))
        ground.alpha_composite(image.convert("RGBA"))
        image = ground
    return np.asarray(image.convert("L"), dtype=np.uint8)


def _to_gray(array: NDArray[np.generic], *, bgr: bool) -> NDArray[np.uint8]:
    """Any 2-D/3-D image array as 8-bit gray; transparency is laid on white."""
    if array.dtype != np.uint8:
        scaled = np.nan_to_num(array.astype(np.float64), nan=255.0, posinf=255.0, neginf=0.0)
        top = float(scaled.max()) if scaled.size else 0.0
        if array.dtype == np.bool_:
            scaled *= 255
        elif top > 255:
            scaled *= 255.0 / top
        elif 0 < top <= 1.0:
            scaled *= 255
        array = np.clip(scaled, 0, 255).astype(np.uint8)
    if array.ndim == 2:
        return np.ascontiguousarray(array)
    if array.ndim == 3 and array.shape[2] == 1:
        return np.ascontiguousarray(array[:, :, 0])
    if array.ndim == 3 and array.shape[2] == 4:
        alpha = array[:, :, 3:4].astype(np.float32) / 255
        colour = array[:, :, :3].astype(np.float32) * alpha + 255 * (1 - alpha)
        array = colour.astype(np.uint8)
    if array.ndim == 3 and array.shape[2] == 3:
        code = cv2.COLOR_BGR2GRAY if bgr else cv2.COLOR_RGB2GRAY
        return _u8(cv2.cvtColor(np.ascontiguousarray(array), code))
    raise ValueError(f"unsupported image shape {array.shape}")


def _safe(
    make: Callable[[NDArray[np.uint8]], NDArray[np.uint8]], gray: NDArray[np.uint8]
) -> NDArray[np.uint8]:
    try:
        return make(gray)
    except Exception:  # pragma: no cover - OpenCV refusing an odd image
        return gray


def _clahe(gray: NDArray[np.uint8]) -> NDArray[np.uint8]:
    return _u8(cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(gray))


def _otsu(gray: NDArray[np.uint8]) -> NDArray[np.uint8]:
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    return _u8(cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1])


def _adaptive(gray: NDArray[np.uint8]) -> NDArray[np.uint8]:
    block = max(11, (min(gray.shape[:2]) // 16) | 1)
    return _u8(
        cv2.adaptiveThreshold(
            gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 5
        )
    )


def _u8(image: object) -> NDArray[np.uint8]:
    """OpenCV's result as the 8-bit array it is (its stubs say "any array")."""
    return np.asarray(image, dtype=np.uint8)
