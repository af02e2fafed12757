"use strict";
// Each value function on this page's own tab and window; the title says how each one settled.
(async () => {
  const { id: tabId, windowId } = await browser.tabs.getCurrent();
  const s = browser.sessions;
  const calls = {
    setTabValue: () => s.setTabValue(tabId, "k", 1),
    getTabValue: () => s.getTabValue(tabId, "k"),
    removeTabValue: () => s.removeTabValue(tabId, "k"),
    setWindowValue: () => s.setWindowValue(windowId, "k", 1),
    getWindowValue: () => s.getWindowValue(windowId, "k"),
    removeWindowValue: () => s.removeWindowValue(windowId, "k"),
    // A tab id no tab has: which of the two errors the browser names first.
    "setTabValue on an invalid tab": () => s.setTabValue(2 ** 30, "k", 1),
  };
  const out = {};
  for (const [name, call] of Object.entries(calls)) {
    try {
      out[name] = { resolved: String(await call()) };
    } catch (error) {
      out[name] = { rejected: error.message };
    }
  }
  document.title = `temporary id (answered): ${JSON.stringify(out)}`;
})();
