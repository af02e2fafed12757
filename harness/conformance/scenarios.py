"""Small scenario builders the conformance tests share. Each builds from real
pages (Firefox records nothing for a tab that only showed about:blank) and
waits on the browser's own events through the harness helpers."""

from __future__ import annotations

import base64
import zlib
from pathlib import Path
from typing import Any

from harness import Browser, HarnessError, Session
from harness.browsers.firefox import zipped
from harness.pages import Pages

# The six tab and window value functions (Chromium has none of them).
VALUE_FUNCTIONS = (
    "setTabValue",
    "getTabValue",
    "removeTabValue",
    "setWindowValue",
    "getWindowValue",
    "removeWindowValue",
)


def install_addon(browser: Browser, folder: Path) -> str:
    """Install an extension the harness does not drive (launch(extensions=...) takes only
    those it can) through the WebDriver escape hatch, geckodriver's add-on command, as an
    archive: a browser on a Selenium Grid node gets it too. Returns its id."""
    if browser.engine.installs_by_path:
        raise HarnessError(
            f"{browser.engine.title} has no temporary add-ons: it installs an extension from a folder, "
            "its id from its key or its path"
        )
    archive = base64.b64encode(zipped(folder)).decode()
    return str(browser.driver.execute("INSTALL_ADDON", {"addon": archive, "temporary": True})["value"])


def uninstall_addon(browser: Browser, addon_id: str) -> None:
    browser.driver.execute("UNINSTALL_ADDON", {"id": addon_id})


def close_tab(browser: Browser, pages: Pages, name: str, window_id: int | None = None) -> Session:
    """Open a page named `name`, close its tab, and return the closed list's newest entry."""
    tab = browser.tabs.open(pages.url(name), window_id=window_id)
    browser.tabs.close(tab.id)
    [newest] = browser.sessions.get_recently_closed(1)
    return newest


def close_window(browser: Browser, pages: Pages, *names: str) -> Session:
    """Open a window with a tab per name, close it, and return the closed list's newest entry."""
    window = browser.windows.open([pages.url(n) for n in names])
    browser.windows.close(window.id)
    [newest] = browser.sessions.get_recently_closed(1)
    return newest


def browser_now(browser: Browser) -> int:
    """`Date.now()` in the browser: milliseconds since the epoch on the clock the browser stamps entries with."""
    return int(browser.execute("return Date.now();"))


def titles(browser: Browser) -> list[object]:
    """The closed list as titles: a tab's title, or a window's list of tab titles."""
    return [s.tab.title if s.tab else [t.title for t in s.window.tabs] for s in browser.sessions.get_recently_closed()]


def events_with_barrier(browser: Browser, pages: Pages, window_id: int | None = None) -> int:
    """How many onChanged events the test's actions so far caused, counted
    behind a barrier: one more recorded close (in `window_id`, else the
    browser's current window), whose own event the browser fires after any
    event of the earlier actions. No clock involved."""
    events = browser.sessions.on_changed
    before = events.count
    browser.tabs.close(browser.tabs.open(pages.url("barrier"), window_id=window_id).id)
    events.wait(before + 1)
    return events.count - 1


# Resolves with the title of the first tab whose title starts with args[0], listening to
# tabs.onUpdated (the listener is in place before the tabs are first looked at).
TITLE_STARTING_WITH = """
const [prefix] = args;
return await new Promise((resolve) => {
  const look = async () => {
    const found = (await browser.tabs.query({})).find((t) => (t.title || "").startsWith(prefix));
    if (found) {
      browser.tabs.onUpdated.removeListener(look);
      resolve(found.title);
    }
  };
  browser.tabs.onUpdated.addListener(look);
  look();
});
"""


def title_starting_with(browser: Browser, prefix: str) -> str:
    """The title of a tab whose title starts with `prefix`, once there is one (a page of
    an extension installed by a test shows its answers in its title)."""
    return str(browser.execute(TITLE_STARTING_WITH, prefix))


# Resolves with the tab's favIconUrl once it has one, listening to tabs.onUpdated.
FAVICON = """
const [tabId] = args;
return await new Promise((resolve) => {
  const look = (id, change, tab) => {
    if (id === tabId && tab.favIconUrl) {
      browser.tabs.onUpdated.removeListener(look);
      resolve(tab.favIconUrl);
    }
  };
  browser.tabs.onUpdated.addListener(look);
  browser.tabs.get(tabId).then((tab) => look(tabId, {}, tab));
});
"""


def wait_for_icon(browser: Browser, tab_id: int) -> str:
    """The tab's favIconUrl, once the browser has loaded the page's icon (the
    closed entry carries the icon the tab had when it closed)."""
    return str(browser.execute(FAVICON, tab_id))


def in_page(browser: Browser, title: str) -> Any:
    """The WebDriver, switched to the tab whose page has this title (the harness
    switches back to its own page on its next call)."""
    driver = browser.driver
    for handle in driver.window_handles:
        driver.switch_to.window(handle)
        if driver.title == title:
            return driver
    raise AssertionError(f"no tab shows a page titled {title!r}")


_PNG_DATA_URL = "data:image/png;base64,"
_CHANNELS = {2: 3, 6: 4}  # PNG colour type -> channels (RGB, RGBA), 8 bits each


def png_picture(png: bytes) -> str:
    """What a PNG shows, whatever encoder wrote it: `png 1x1 rgba ff0000ff` (its size and
    its pixels as RGBA, a row after another). Decodes 8-bit RGB and RGBA images."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    chunks, at = [], 8
    while at < len(png):
        length = int.from_bytes(png[at : at + 4], "big")
        chunks.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + length]))
        at += 12 + length
    header = dict(chunks)[b"IHDR"]
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, colour = header[8], header[9]
    if depth != 8 or colour not in _CHANNELS or header[12]:
        raise ValueError(f"a PNG of depth {depth}, colour type {colour}, interlace {header[12]}: not decoded here")
    channels = _CHANNELS[colour]
    data = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride, rows, previous = width * channels, [], bytes(width * channels)
    for row in range(height):
        kind, line = data[row * (stride + 1)], bytearray(data[row * (stride + 1) + 1 : (row + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            line[i] = (line[i] + _predict(kind, left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = bytes(line)
    pixels = b"".join(rows)
    if channels == 3:
        pixels = b"".join(pixels[i : i + 3] + b"\xff" for i in range(0, len(pixels), 3))
    return f"png {width}x{height} rgba {pixels.hex()}"


def _predict(kind: int, left: int, up: int, corner: int) -> int:
    """PNG's filter types (None, Sub, Up, Average, Paeth)."""
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    estimate = left + up - corner
    distances = (abs(estimate - left), abs(estimate - up), abs(estimate - corner))
    return (left, up, corner)[distances.index(min(distances))]


def as_picture(url: Any) -> Any:
    """A `data:image/png` URL as the picture it holds (png_picture); any other answer as it is."""
    if isinstance(url, str) and url.startswith(_PNG_DATA_URL):
        return "data:image/" + png_picture(base64.b64decode(url.removeprefix(_PNG_DATA_URL)))
    return url


def click_in_page(browser: Browser, title: str) -> None:
    """A real click (WebDriver) on the heading of the page titled `title`: the user activation
    Chromium wants before tabs.goBack may return to that page (its history manipulation
    intervention skips entries of pages nobody interacted with)."""
    in_page(browser, title).find_element("tag name", "h1").click()
