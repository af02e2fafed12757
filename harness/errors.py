"""The harness's exceptions.

    HarnessError
    ├── SetupError         no browser or driver found, or the browser would not start
    ├── ExtensionError     the browser's API rejected a call (message verbatim)
    ├── HarnessTimeout     a call or a wait passed its timeout; the browser still works
    ├── BrowserCrashed     the browser or the driver died
    └── PageGone           the page the harness talks through was closed or navigated away

    HarnessWarning (a UserWarning): an extension will load, but something of it will not work

Selenium's exceptions become these in exactly one place, `harness.connection`;
the extension page's answers in one other, `harness.bridge`.
"""

from __future__ import annotations

from typing import Any


class HarnessError(Exception):
    """Base class of every error the harness raises."""


class SetupError(HarnessError):
    """No browser or driver was found, or the browser would not start."""


class ExtensionError(HarnessError):
    """The browser's API rejected a call.

    `message` is the browser's message verbatim; `method` and `args` say what
    was called; `name` is the JavaScript error's name; `synchronous` is true
    when the call threw instead of returning a rejected promise.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        args: tuple[Any, ...] = (),
        name: str = "Error",
        synchronous: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.args = tuple(args)  # the call's arguments, as the contract names them
        self.name = name
        self.synchronous = synchronous

    def __str__(self) -> str:
        return f"{self.method}({_format_args(self.args)}) rejected: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_extension_error, (self.message, self.method, self.args, self.name, self.synchronous))


class HarnessTimeout(HarnessError):
    """A call or a wait passed its timeout. The browser is still usable."""


class BrowserCrashed(HarnessError):
    """The browser or the driver died; the next test gets a fresh browser."""


class HarnessWarning(UserWarning):
    """An extension loads, but part of what it does will not work (the message says what)."""


class PageGone(HarnessError):
    """The extension page the harness talks through was closed or navigated away
    (by the test); `reset()` opens it again."""


def hide_harness_frames(info: Any) -> bool:
    """For `__tracebackhide__` in the harness's modules: pytest hides their
    frames when the failure is one of these errors, so a user's report shows
    their own line and the browser's message first (`--fulltrace` shows all).
    A bug in the harness itself (any other exception) keeps its frames."""
    return info is not None and info.errisinstance(HarnessError)


def _rebuild_extension_error(
    message: str, method: str, args: tuple[Any, ...], name: str, synchronous: bool
) -> ExtensionError:
    return ExtensionError(message, method=method, args=args, name=name, synchronous=synchronous)


def _format_args(args: tuple[Any, ...]) -> str:
    return ", ".join(repr(a) for a in args)
