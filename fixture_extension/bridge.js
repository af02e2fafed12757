"use strict";
// The fixture extension's bridge methods: the sessions functions (dispatch.js),
// the scenario helpers (helpers.js), the event log, and reset. dispatch.js
// turns them into `window.harness`, the entry point the Python harness calls.

async function background() {
  const page = await browser.runtime.getBackgroundPage();
  if (!page || !page.harnessEvents) throw new Error("harness: the background page is not running yet");
  return page.harnessEvents;
}

const methods = {
  ...helpers,
  ...sessionsMethods(),
  "events.count": async () => (await background()).calls.length,
  "events.calls": async () => (await background()).calls.map((args) => Array.from(args)),
  "events.wait": async (count) => (await background()).wait(count),
  "events.clear": async () => { (await background()).clear(); },
  async "harness.ping"() {
    await background();
    const tab = await browser.tabs.getCurrent();
    return { tabId: tab.id, windowId: tab.windowId, url: location.href };
  },
  "harness.reset": resetBrowserState,
};
// Back to the state right after launch: this page's window with this page and
// one blank tab, nothing else open, nothing in the closed list. Values are
// cleared afterwards for every extension (harness/js/clear_values.js).
// Each close and forget waits for its own sessions.onChanged before the next
// one (Firefox records closed windows asynchronously and may coalesce
// notifications), so no event of the cleanup arrives after it returns.
async function resetBrowserState() {
  const me = await browser.tabs.getCurrent();
  const fresh = await browser.tabs.create({ windowId: me.windowId, url: "about:blank", active: true });
  for (const window of await browser.windows.getAll({ populate: true })) {
    if (window.id !== me.windowId) {
      await helpers["windows.close"](window.id);
      continue;
    }
    for (const tab of window.tabs) {
      if (tab.id !== me.id && tab.id !== fresh.id) await helpers["tabs.close"](tab.id);
    }
  }
  let forgotten = 0;
  for (;;) {
    const closed = await browser.sessions.getRecentlyClosed();
    if (!closed.length) break;
    for (const session of closed) {
      const changed = nextSessionsChange();
      if (session.tab) await browser.sessions.forgetClosedTab(session.tab.windowId, session.tab.sessionId);
      else await browser.sessions.forgetClosedWindow(session.window.sessionId);
      await changed;
      forgotten += 1;
    }
  }
  return { tabId: fresh.id, windowId: me.windowId, harnessTabId: me.id, forgotten };
}

exposeBridge(methods);
