"""QR codes: made with ``qrcode``, read back with OpenCV.

Reading is a cascade, cheapest first: the image as given (in grayscale), then with
its contrast normalised (CLAHE, Otsu and adaptive thresholds), then each place where a
code was located but not read, cut out and enlarged (x2, x3, x1.5), then the whole
image rescaled (x2 for a small or far-away code, x0.5 for a large noisy photo), then
inverted (light modules on a dark ground). Each variant goes through OpenCV's
ArUco-based detector, then its classic one. OpenCV raises on some inputs (older
versions on payloads that are not UTF-8, odd image shapes); every attempt is wrapped,
so any image and any payload give a list, possibly empty, never an error.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import qrcode
import qrcode.util
from numpy.typing import NDArray
from PIL import Image

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


def decode_qr(image: ImageInput) -> list[str]:
    """Every QR payload found in ``image`` (a file path, an array or a PIL image).

    Payloads that are not UTF-8 come back decoded as Latin-1 (the QR standard's
    own default) instead of failing. An unreadable file gives an empty list.
    """
    gray = _load_gray(image)
    if gray is None or gray.size == 0 or min(gray.shape[:2]) < 21:
        return []
    detectors = _detectors()
    for attempt in _attempts(gray):
        found = _detect(detectors, attempt)
        if found:
            return found
    return []


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
            data = np.fromfile(str(image), dtype=np.uint8)  # imread fails on non-ASCII paths
            array = cv2.imdecode(data, cv2.IMREAD_UNCHANGED) if data.size else None
            if array is None:
                array = _via_pillow(Path(image))
            if array is None:
                return None
            return _to_gray(array, bgr=True)
        if isinstance(image, Image.Image):
            return _pil_to_gray(image)
        return _to_gray(np.asarray(image), bgr=False)
    except Exception as exc:  # unreadable file, odd array: nothing to decode
        log.debug("cannot load image for QR decoding: %s", exc)
        return None


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
