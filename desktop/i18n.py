"""Languages: Bahasa Indonesia is the source language of every string; English is a translation.

Strings are marked with ``self.tr`` (widgets) or ``QCoreApplication.translate``
(elsewhere); ``make update-translations`` extracts them into
``desktop/ui/translations/sewaka_en.ts`` and ``make`` compiles the ``.qm``.
Because Indonesian is the source, the default language never depends on a
compiled file being present.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from desktop.qt_translation import load_qt_translator

TRANSLATIONS = Path(__file__).parent / "ui" / "translations"
DEFAULT_LANGUAGE = "id"
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

_installed: list[QTranslator] = []
_current = [DEFAULT_LANGUAGE]


def current_language() -> str:
    """The language the running session was started in (a change applies after a restart)."""
    return _current[0]


def install(language: str) -> bool:
    """Switch the running application's language; True if a translation was loaded.

    Documents (receipts, reports) follow: they are worded in this language from now on.
    """
    install_documents(language)
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the Qt application before installing a language")
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    _current[0] = language
    qt_own = load_qt_translator(language, app)  # Qt's own buttons and dialogs
    if qt_own is not None:
        QCoreApplication.installTranslator(qt_own)
        _installed.append(qt_own)
    if language == DEFAULT_LANGUAGE:
        return True
    translator = QTranslator(app)
    if not translator.load(str(TRANSLATIONS / f"sewaka_{language}.qm")):
        return False
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    return True


_documents: dict[str, QTranslator | None] = {}


def install_documents(language: str) -> None:
    """Let the printing package (which has no Qt) translate through the same ``.qm`` files."""
    from printing import i18n as paper

    paper.install(document_translation, language)


def document_translation(language: str, context: str, text: str) -> str:
    """``text`` of ``context`` in ``language`` ("" if untranslated): any language, not only
    the installed one, so a document can be made in the language a caller asks for."""
    if language not in _documents:
        translator = QTranslator()
        loaded = translator.load(str(TRANSLATIONS / f"sewaka_{language}.qm"))
        _documents[language] = translator if loaded else None
    found = _documents[language]
    return (found.translate(context, text) or "") if found is not None else ""


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
