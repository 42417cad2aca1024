"""The PySide6 user interface: one module per page, no SQL, no business rules.

Pages call application services (``desktop.services``) and show what they
return; rules such as "is this NIK valid" come from ``desktop.domain``.
"""
