"use strict";
// Firefox only (Manifest V2): opens the bridge page. WebDriver cannot navigate
// to moz-extension:// URLs, but it can switch to a tab the extension opened
// itself. (On Chromium the harness navigates a tab to the page.)
// There is deliberately no runtime.onMessage / onMessageExternal listener:
// nothing on the web can talk to this extension. The sessions.onChanged log
// is kept by the page itself (bridge.js).

browser.tabs.create({ url: browser.runtime.getURL("page.html"), active: false });
