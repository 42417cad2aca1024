"""The services a village office offers at its counter, as seeded on first start.

Names and requirement lists are the office's own words (Bahasa Indonesia);
the office can edit them later and the central server will distribute its
own catalogue. Each service has a queue prefix and the number of working
days the office promises for completion (standar pelayanan).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceDefinition:
    code: str
    name: str
    name_en: str
    queue_prefix: str
    standard_days: int
    requirements: tuple[str, ...]


KTP = "Fotokopi KTP pemohon"
KK = "Fotokopi Kartu Keluarga"
RT_RW = "Surat pengantar RT/RW"

DEFAULT_SERVICES: tuple[ServiceDefinition, ...] = (
    ServiceDefinition(
        "SKD",
        "Surat Keterangan Domisili",
        "Certificate of domicile",
        "A",
        1,
        (RT_RW, KTP, KK),
    ),
    ServiceDefinition(
        "SKTM",
        "Surat Keterangan Tidak Mampu (SKTM)",
        "Certificate of low income",
        "B",
        1,
        (RT_RW, KTP, KK, "Foto rumah tampak depan"),
    ),
    ServiceDefinition(
        "SKCK",
        "Surat Pengantar SKCK",
        "Cover letter for police clearance (SKCK)",
        "C",
        1,
        (RT_RW, KTP, KK, "Pas foto 4x6 latar merah (2 lembar)"),
    ),
    ServiceDefinition(
        "SKU",
        "Surat Keterangan Usaha",
        "Certificate of business",
        "D",
        2,
        (RT_RW, KTP, KK, "Foto tempat usaha"),
    ),
    ServiceDefinition(
        "PKTP",
        "Pengantar KTP-el",
        "Cover letter for an e-ID card (KTP-el)",
        "E",
        1,
        (RT_RW, KK, "KTP lama (untuk perubahan/rusak)"),
    ),
    ServiceDefinition(
        "PKK",
        "Pengantar Kartu Keluarga",
        "Cover letter for a family card (KK)",
        "F",
        2,
        (RT_RW, "Kartu Keluarga asli", "Buku nikah / akta cerai (bila perubahan status)"),
    ),
    ServiceDefinition(
        "PINDAH",
        "Surat Pengantar Pindah",
        "Cover letter for moving out",
        "G",
        3,
        (RT_RW, KTP, "Kartu Keluarga asli", "Alamat tujuan lengkap"),
    ),
    ServiceDefinition(
        "LAHIR",
        "Surat Keterangan Kelahiran",
        "Birth certificate letter",
        "H",
        1,
        (
            "Surat keterangan lahir dari bidan/rumah sakit",
            KTP + " (ayah dan ibu)",
            KK,
            "Buku nikah orang tua",
        ),
    ),
    ServiceDefinition(
        "MATI",
        "Surat Keterangan Kematian",
        "Death certificate letter",
        "J",
        1,
        (
            "Surat keterangan kematian dari rumah sakit/dokter",
            "KTP almarhum/almarhumah",
            KK,
            "KTP pelapor",
        ),
    ),
    ServiceDefinition(
        "ADUAN",
        "Pengaduan Masyarakat",
        "Public complaint",
        "K",
        5,
        ("Uraian pengaduan", "Bukti pendukung (bila ada)"),
    ),
)


def expected_completion(start: dt.date, working_days: int) -> dt.date:
    """The date a request is promised for: ``working_days`` Monday-Friday days after ``start``.

    Public holidays are not known offline; offices adjust promises by hand.
    """
    day = start
    remaining = working_days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day
