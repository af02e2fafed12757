"""A conformance harness for the WebExtensions `sessions` API on real browsers.

with harness.launch() as browser:
    browser.tabs.open(url)
    ...
    browser.sessions.get_recently_closed()
"""

from .browser import Browser, launch
from .config import LaunchConfig
from .console import ConsoleError
from .contexts import ExtensionContext
from .encoding import UNDEFINED, JSValue
from .errors import BrowserCrashed, ExtensionError, HarnessError, HarnessTimeout, HarnessWarning, PageGone, SetupError
from .pages import Pages
from .sessions import OnChanged, Sessions
from .tabs import Tabs, Windows
from .types import Session, Tab, Window

__all__ = [
    "UNDEFINED",
    "Browser",
    "BrowserCrashed",
    "ConsoleError",
    "ExtensionContext",
    "ExtensionError",
    "HarnessError",
    "HarnessTimeout",
    "HarnessWarning",
    "JSValue",
    "LaunchConfig",
    "OnChanged",
    "PageGone",
    "Pages",
    "Session",
    "Sessions",
    "SetupError",
    "Tab",
    "Tabs",
    "Window",
    "Windows",
    "launch",
]
