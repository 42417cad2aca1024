"""Receipts: the ticket a walk-in takes home, and the office key that signs its QR code.

The signing key is made on first use and kept in the ``setting`` table: the private
half (``receipt_signing_key``) never leaves this PC except inside its database
backups; the public half (``receipt_public_key``, also :meth:`ReceiptService.public_key`)
is what anyone needs to check a receipt offline.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import nik as nik_rules
from desktop.domain.ids import normalize_tracking_code
from desktop.models.tables import Service, ServiceRequest, Setting
from desktop.services.settings import DEFAULT_RECEIPT_FOOTER, SettingsService
from desktop.services.workspace import Workspace
from printing import signing
from printing.dispatch import write_atomically
from printing.documents import OfficeHeader, ReceiptData
from printing.paper import THERMAL_DPI, Paper
from printing.signing import Reason, ReceiptInvalid, TrackingPayload, VerifiedReceipt

__all__ = [
    "Reason",
    "ReceiptInvalid",
    "ReceiptNotFound",
    "ReceiptService",
    "VerifiedReceipt",
]

PRIVATE_KEY_SETTING = "receipt_signing_key"
PUBLIC_KEY_SETTING = "receipt_public_key"
ENGLISH_FOOTER = "Keep this receipt. Track your request with the code above."

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"})
MAX_PDF_PAGES = 4  # a receipt is one page; look a little further in a scanned bundle
MAX_TEXT_FILE = 64 * 1024

# When a text or image holds several codes that all fail, say the most telling reason.
_REASON_ORDER = (Reason.OTHER_OFFICE, Reason.TAMPERED, Reason.WRONG_VERSION, Reason.UNREADABLE)


class ReceiptNotFound(LookupError):
    """No request has this tracking code (or id)."""


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

    def receipt_data(self, reference: str, language: str | None = None) -> ReceiptData:
        """What the receipt of a request shows; ``reference`` is its tracking code or id.

        Raises :class:`ReceiptNotFound` when no request matches.
        """
        settings = self._settings.load()
        language = language or settings.language
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
        if language == "en" and footer == DEFAULT_RECEIPT_FOOTER:
            footer = ENGLISH_FOOTER
        english_name = language == "en" and service.name_en
        return ReceiptData(
            office=OfficeHeader(settings.unit_kind, settings.office_name, settings.office_address),
            queue_number=request.queue_number,
            service_name=service.name_en if english_name else service.name,
            applicant_name=request.name,
            nik_masked=nik_rules.mask(request.nik),
            issued_at=request.created_at.astimezone(ZoneInfo(settings.timezone)),
            documents=tuple(request.documents),
            expected_date=request.expected_date,
            tracking_code=request.tracking_code,
            qr_payload=signing.sign(payload, self._key_pair()[0]),
            footer=footer,
            language=language,
        )

    def render(self, reference: str, paper: Paper, language: str | None = None) -> bytes:
        """The receipt of a request as PDF bytes (raises :class:`ReceiptNotFound`)."""
        from printing.receipt import render_receipt  # reportlab: loaded when first used

        return render_receipt(self.receipt_data(reference, language), paper)

    def save_pdf(
        self, reference: str, paper: Paper, out: Path, language: str | None = None
    ) -> ReceiptData:
        """Write the receipt to ``out``: all of it or, on an error, nothing (not half a file)."""
        from printing.receipt import render_receipt

        data = self.receipt_data(reference, language)
        pdf = render_receipt(data, paper)
        out.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(pdf, out)
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
    if head.startswith(b"%PDF"):
        yield from _pdf_texts(path.read_bytes())
        return
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
    for dpi in (THERMAL_DPI, 300):  # a receipt's own dot grid first, then finer
        found: list[str] = []
        for page in range(pages):
            found += qr.decode_qr(raster.pdf_page_to_array(pdf, page, dpi))
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
