"""Start the window: the QApplication, the project session, errors shown as messages."""

from __future__ import annotations

import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator.core.errors import AnnotatorError
from annotator.services.library import ProjectSession
from annotator.ui.main_window import MainWindow
from annotator.ui.theme import apply_saved_theme
from annotator.ui.user_name_dialog import ask_first_name

APP_NAME = "Annotator"
ORGANISATION = "Annotator"
SCREENSHOT_SIZE = (1280, 800)


def application() -> QApplication:
    """The process's QApplication, made on first use."""
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORGANISATION)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    return app


def run(
    path: Path | str,
    *,
    doc_id: str | None = None,
    read_only: bool = False,
    screenshot: Path | str | None = None,
) -> int:
    """Open `path` in the window; with `screenshot`, save a PNG of it and return at once.

    Returns the exit status: 0, or 2 when the project cannot be opened or the picture not saved.
    """
    app = application()
    apply_saved_theme()  # light, dark or the system's, as the user chose last
    interactive = screenshot is None
    if interactive:
        ask_first_name()  # the first run: whose name the edits will carry
    try:
        session = ProjectSession.open(path, read_only=read_only)
    except AnnotatorError as error:
        show_error("The project cannot be opened.", str(error), interactive=interactive)
        return 2
    with session:
        window = MainWindow(session, remember_layout=interactive)
        warning = window.open_first(doc_id)
        if screenshot is not None:
            window.finish_opening()  # the picture shows a long document whole
            if warning:
                print(f"annotator: warning: {warning}", file=sys.stderr)
            return save_screenshot(window, Path(screenshot))
        with errors_shown_in(window), quit_on_signals(app):
            window.show()
            return app.exec()


def save_screenshot(window: QWidget, path: Path) -> int:
    """Render the window at `SCREENSHOT_SIZE` into a PNG, without entering the event loop."""
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for _ in range(3):  # layouts settle over a few rounds of posted events
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    picture = window.grab()
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # gone before its session
    path.parent.mkdir(parents=True, exist_ok=True)
    if not picture.save(str(path), "PNG"):
        print(f"annotator: error: {path}: cannot write the screenshot", file=sys.stderr)
        return 2
    return 0


def show_error(summary: str, details: str, *, interactive: bool, parent: QWidget | None = None):
    print(f"annotator: error: {details}", file=sys.stderr)
    if interactive:
        box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, summary, parent=parent)
        box.setInformativeText(details)
        box.exec()


Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


@contextmanager
def errors_shown_in(window: QWidget) -> Iterator[None]:
    """While the window is up, show an unexpected error in a message, not just a traceback.

    Qt calls our slots from C++: an exception there would only be printed. The traceback still
    goes to stderr, and into the message's details.
    """
    showing = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        traceback.print_exception(kind, error, tb)
        if showing:
            return
        showing = True
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, "Something went wrong.")
            box.setParent(window, box.windowFlags())
            if isinstance(error, AnnotatorError):
                box.setInformativeText(str(error))
            else:
                box.setInformativeText(
                    f"{kind.__name__}: {error}\n\nYour saved work is safe. If this happens "
                    "again, please report it with the details below."
                )
                box.setDetailedText("".join(traceback.format_exception(kind, error, tb)))
            box.exec()
        finally:
            showing = False

    previous: Hook = sys.excepthook
    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous


@contextmanager
def quit_on_signals(app: QApplication) -> Iterator[None]:
    """Let Ctrl+C in the terminal, or a logout's SIGTERM, close the window properly."""
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda *_: app.quit()) for number in signals}
    timer = QTimer()
    timer.timeout.connect(lambda: None)  # wakes Python now and then to see the signal
    timer.start(250)
    try:
        yield
    finally:
        timer.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
