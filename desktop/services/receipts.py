"""Receipts: the ticket a walk-in takes home, and the office key that signs its QR code.

The signing key is made on first use and kept in the ``setting`` table: the private
half (``receipt_signing_key``) never leaves this PC except inside its database
backups; the public half (``receipt_public_key``, also :meth:`ReceiptService.public_key`)
is what anyone needs to check a receipt offline.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import nik as nik_rules
from desktop.domain.ids import normalize_tracking_code
from desktop.models.tables import Service, ServiceRequest, Setting
from desktop.services.settings import DEFAULT_RECEIPT_FOOTER, Settings, SettingsService
from desktop.services.workspace import Workspace
from printing import i18n as paper_i18n
from printing import signing
from printing.dispatch import write_atomically
from printing.documents import OfficeHeader, ReceiptData
from printing.paper import THERMAL_DPI, Paper
from printing.signing import Reason, ReceiptInvalid, TrackingPayload, VerifiedReceipt

__all__ = [
    "Reason",
    "ReceiptCheck",
    "ReceiptFileTooLarge",
    "ReceiptInvalid",
    "ReceiptNotFound",
    "ReceiptService",
    "VerifiedReceipt",
    "office_header",
]

PRIVATE_KEY_SETTING = "receipt_signing_key"
PUBLIC_KEY_SETTING = "receipt_public_key"

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"})
MAX_PDF_PAGES = 4  # a receipt is one page; look a little further in a scanned bundle
MAX_TEXT_FILE = 64 * 1024

# When a text or image holds several codes that all fail, say the most telling reason.
_REASON_ORDER = (Reason.OTHER_OFFICE, Reason.TAMPERED, Reason.WRONG_VERSION, Reason.UNREADABLE)


class ReceiptNotFound(LookupError):
    """No request has this tracking code (or id)."""


class ReceiptFileTooLarge(ReceiptInvalid):
    """An image or PDF too large to check safely (its header says so); nothing of it was
    decoded. ``width``/``height`` are the image's pixels when its header gave them."""

    def __init__(
        self,
        width: int | None = None,
        height: int | None = None,
        file_bytes: int | None = None,
        pixels: int | None = None,
    ) -> None:
        super().__init__(Reason.UNREADABLE, "too large")
        self.width = width
        self.height = height
        self.file_bytes = file_bytes
        self.pixels = width * height if width and height else pixels


@dataclass(frozen=True)
class ReceiptCheck:
    """A receipt whose signature holds, and what this office's records say about it."""

    receipt: VerifiedReceipt
    issued_at: dt.datetime  # in the office's time zone
    ours: bool  # checked with this office's own key (not a key given by the caller)
    status: str | None  # the request's status now; None when this office has no such request

    @property
    def tracking_code(self) -> str:
        return self.receipt.tracking_code

    @property
    def in_records(self) -> bool:
        """The tracking code is in this office's database (only asked for our own receipts)."""
        return self.status is not None

    @property
    def closed(self) -> bool:
        """The request was rejected or cancelled: the receipt promises nothing any more."""
        return self.status in ("rejected", "cancelled")


def office_header(settings: Settings, logo: Path | None = None) -> OfficeHeader:
    """The office details printed at the top of every document."""
    return OfficeHeader(
        unit_kind=settings.unit_kind,
        name=settings.office_name,
        address=settings.office_address,
        district=settings.district,
        regency=settings.regency,
        phone=settings.office_phone,
        logo=logo,
        training=settings.training,
    )


class ReceiptService:
    def __init__(self, workspace: Workspace) -> None:
        self._ws = workspace
        self._settings = SettingsService(workspace)
        self._keys: tuple[str, str] | None = None

    # -- the office key ---------------------------------------------------------------

    def public_key(self) -> str:
        """The office's public key (base64url): give it to whoever checks receipts."""
        return self._key_pair()[1]

    def _key_pair(self) -> tuple[str, str]:
        if self._keys is None:
            with self._ws.reading() as session:
                stored = session.get(Setting, PRIVATE_KEY_SETTING)
                private = stored.value if stored is not None else None
            if private is None:
                private = self._create_key()
            self._keys = (private, signing.public_key_of(private))
        return self._keys

    def _create_key(self) -> str:
        with self._ws.transaction() as session:  # BEGIN IMMEDIATE: one key even if two race
            stored = session.get(Setting, PRIVATE_KEY_SETTING)
            if stored is not None:
                return stored.value
            private, public = signing.generate_keypair()
            session.add(Setting(key=PRIVATE_KEY_SETTING, value=private))
            session.merge(Setting(key=PUBLIC_KEY_SETTING, value=public))
            self._ws.audit(session, "receipt.key_created", "setting", PUBLIC_KEY_SETTING, public)
            return private

    # -- making receipts ----------------------------------------------------------------

    def receipt_data(
        self, reference: str, language: str | None = None, *, reprint: bool = False
    ) -> ReceiptData:
        """What the receipt of a request shows; ``reference`` is its tracking code or id.

        ``language`` defaults to the session's (the one installed at start-up). A
        ``reprint`` is marked as one, with the time and the request's status now.
        Raises :class:`ReceiptNotFound` when no request matches and
        :class:`~desktop.services.settings.OfficeNotConfigured` until the office's
        details are filled in.
        """
        settings = self._settings.require_configured()
        language = language or paper_i18n.session_language()
        with self._ws.reading() as session:
            request = _find(session, reference)
            service = session.get(Service, request.service_id)
            assert service is not None
        payload = TrackingPayload(
            office_id=request.office_id,
            request_id=request.id,
            tracking_code=request.tracking_code,
            issued_at=request.created_at,
        )
        footer = settings.receipt_footer
        if footer.strip() == DEFAULT_RECEIPT_FOOTER:  # the office's own words stay as written
            footer = paper_i18n.translate("receipt", paper_i18n.DEFAULT_FOOTER, language)
        english_name = language == "en" and service.name_en
        zone = ZoneInfo(settings.timezone)
        data = ReceiptData(
            office=office_header(settings, self._settings.logo_path()),
            queue_number=request.queue_number,
            service_name=service.name_en if english_name else service.name,
            applicant_name=request.name,
            nik_masked=nik_rules.mask(request.nik),
            issued_at=request.created_at.astimezone(zone),
            documents=tuple(request.documents),
            expected_date=request.expected_date,
            tracking_code=request.tracking_code,
            qr_payload=signing.sign(payload, self._key_pair()[0]),
            footer=footer,
            language=language,
            status=request.status,
        )
        return self.mark_reprint(data) if reprint else data

    def mark_reprint(self, data: ReceiptData) -> ReceiptData:
        """``data`` marked as a reprint made now (office time), with its status as read."""
        return dataclasses.replace(
            data, reprinted_at=self._ws.now().astimezone(data.issued_at.tzinfo)
        )

    def render(
        self, reference: str, paper: Paper, language: str | None = None, *, reprint: bool = False
    ) -> bytes:
        """The receipt of a request as PDF bytes (raises :class:`ReceiptNotFound`)."""
        from printing.receipt import render_receipt  # reportlab: loaded when first used

        return render_receipt(self.receipt_data(reference, language, reprint=reprint), paper)

    def save_pdf(
        self,
        reference: str,
        paper: Paper,
        out: Path,
        language: str | None = None,
        *,
        reprint: bool = False,
    ) -> ReceiptData:
        """Write the receipt to ``out``: all of it or, on an error, nothing (not half a file).

        The folder must exist: it is not created (a mistyped folder is an error to show).
        The save is audited before the file takes its name (if the audit fails, no file);
        a link, device, FIFO or folder at ``out`` is refused (``dispatch.UnsafeTarget``).
        """
        from desktop.services.files import journal_dir
        from printing.receipt import render_receipt

        data = self.receipt_data(reference, language, reprint=reprint)
        pdf = render_receipt(data, paper)

        def audit() -> None:
            with self._ws.transaction() as session:
                self._ws.audit(
                    session, "receipt.saved", "service_request", data.tracking_code, "pdf"
                )

        write_atomically(pdf, out, before_rename=audit, journal=journal_dir(self._ws.home))
        return data

    # -- checking receipts --------------------------------------------------------------

    def verify(self, source: str | bytes | Path, public_key: str | None = None) -> VerifiedReceipt:
        """Check a receipt from its QR text, or from a photo/scan (image file or PDF).

        With ``public_key`` the receipt is checked against that office's key instead of
        this office's. Raises :class:`ReceiptInvalid` (``reason`` says why) or
        :class:`printing.signing.InvalidKey` for a malformed ``public_key``.
        """
        key = public_key if public_key is not None else self.public_key()
        signing.load_public_key(key)  # a bad key is the caller's mistake, not the receipt's
        failures: list[ReceiptInvalid] = []
        for text in _texts(source):
            try:
                # Only this PC holds the private key, so what it signed is this office's,
                # whatever office id it names: receipts printed before enrolment replaced
                # the provisional office id stay valid.
                return signing.verify(text, key)
            except ReceiptInvalid as invalid:
                failures.append(self._other_office(invalid) if public_key is None else invalid)
        if not failures:
            raise ReceiptInvalid(Reason.UNREADABLE, "no QR code found")
        raise min(failures, key=lambda f: _REASON_ORDER.index(f.reason))

    def check(self, source: str | bytes | Path, public_key: str | None = None) -> ReceiptCheck:
        """:meth:`verify`, then what this office's records say: the request's status now,
        or that a receipt signed with this office's key names a code it does not hold."""
        verified = self.verify(source, public_key)
        zone = ZoneInfo(self._settings.load().timezone)
        status = None
        if public_key is None:
            with self._ws.reading() as session:
                status = session.scalars(
                    select(ServiceRequest.status).where(
                        ServiceRequest.tracking_code == verified.tracking_code
                    )
                ).first()
        return ReceiptCheck(
            receipt=verified,
            issued_at=verified.issued_at.astimezone(zone),
            ours=public_key is None,
            status=status,
        )

    def _other_office(self, invalid: ReceiptInvalid) -> ReceiptInvalid:
        """A signature this office's key did not make, on a receipt naming another office,
        is most likely that office's genuine receipt: say so rather than "forged"."""
        named = invalid.office_id
        if invalid.reason is Reason.TAMPERED and named and named != self._ws.sync.office_id:
            return ReceiptInvalid(Reason.OTHER_OFFICE, "names another office", named)
        return invalid


def _find(session: Session, reference: str) -> ServiceRequest:
    code = normalize_tracking_code(reference)
    request = None
    if code is not None:
        request = session.scalars(
            select(ServiceRequest).where(ServiceRequest.tracking_code == code)
        ).first()
    if request is None and reference.strip():
        request = session.get(ServiceRequest, reference.strip())
    if request is None:
        raise ReceiptNotFound(reference)
    return request


def _texts(source: str | bytes | Path) -> Iterable[str | bytes]:
    """The candidate QR texts in ``source``: itself, or what a file holds."""
    from printing import qr  # OpenCV and numpy: loaded when an image is checked

    path = _as_file(source)
    if path is None:
        yield source if isinstance(source, str | bytes) else str(source)
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_TEXT_FILE + 1)
    except OSError:
        raise ReceiptInvalid(Reason.UNREADABLE, f"cannot read {path}") from None
    try:
        file_bytes = path.stat().st_size
    except OSError:
        raise ReceiptInvalid(Reason.UNREADABLE, f"cannot read {path}") from None
    if file_bytes > qr.MAX_FILE_BYTES:
        raise ReceiptFileTooLarge(file_bytes=file_bytes)
    if head.startswith(b"%PDF"):
        yield from _pdf_texts(path.read_bytes())
        return
    try:  # the size an image says it has, read before a single pixel is decoded
        qr.check_image(path)
    except qr.ImageTooLarge as too_large:
        raise ReceiptFileTooLarge(
            too_large.width, too_large.height, file_bytes, too_large.pixels
        ) from None
    except OSError:
        raise ReceiptInvalid(Reason.UNREADABLE, f"cannot read {path}") from None
    found = qr.decode_qr(path)
    if found:
        yield from found
    elif path.suffix.lower() not in IMAGE_SUFFIXES and len(head) <= MAX_TEXT_FILE:
        yield head  # a text file holding the QR text


def _pdf_texts(pdf: bytes) -> Iterable[str]:
    from printing import qr, raster

    try:
        pages = min(raster.page_count(pdf), MAX_PDF_PAGES)
    except Exception:  # pdfium: not a PDF after all, damaged, encrypted
        raise ReceiptInvalid(Reason.UNREADABLE, "cannot read the PDF") from None
    # All pages at both resolutions share one time budget: a PDF of noise is answered
    # within seconds too.
    deadline = time.monotonic() + 2 * qr.DECODE_BUDGET_S
    done: set[tuple[int, float]] = set()
    for dpi in (THERMAL_DPI, 300):  # a receipt's own dot grid first, then finer
        found: list[str] = []
        for page in range(pages):
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:  # a page of 200 x 200 inches is rendered coarser, never as gigapixels
                fitting = raster.fitting_dpi(raster.page_size(pdf, page), dpi)
                if (page, fitting) in done:
                    continue
                done.add((page, fitting))
                pixels = raster.pdf_page_to_array(pdf, page, fitting)
            except Exception:  # pdfium: a damaged page
                continue
            found += qr.decode_qr(pixels, budget=left)
        if found:
            yield from found
            return


def _as_file(source: str | bytes | Path) -> Path | None:
    if isinstance(source, Path):
        return source
    if isinstance(source, bytes) or len(source) > 4096 or source.startswith(signing.FORMAT):
        return None
    try:
        path = Path(source)
        return path if path.is_file() else None
    except (OSError, ValueError):  # not a possible path on this system
        return None
