"""Receipts, queue tickets and reports: rendered once with reportlab, printed many ways.

This package knows paper, fonts, QR codes, signatures and printers. It knows
nothing of the database or of Qt widgets: the application services hand it
plain data (:mod:`printing.documents`) in which the NIK is already masked.
"""
