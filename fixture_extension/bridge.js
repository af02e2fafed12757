"use strict";
// The fixture extension's bridge methods: the sessions functions (dispatch.js),
// the scenario helpers (helpers.js), the event log, and reset. dispatch.js
// turns them into `window.harness`, the entry point the Python harness calls.

// sessions.onChanged as seen by this page since the harness connected to it
// (its first call, harness.ping) or the last clear.
// The page records the events itself, on every engine: Manifest V3 has no
// background page to read a log from, and a log kept elsewhere (a service
// worker writing to storage) would race with this page: a helper that
// returned after an event could find the log one short. Here a helper's wait
// resumes in a microtask, after every listener of that event, the log's too.
// Recording starts at the first call, not at load: when an extension reloads
// (allowing it in private windows does), Firefox closes, and lists as closed,
// its pages that hold an event listener, while it leaves the others open; the
// previous instance's page is never called, so it holds none.
const eventLog = {
  calls: [],
  waiters: [],
  listening: false,
  start() {
    if (this.listening) return;
    browser.sessions.onChanged.addListener((...args) => this.record(args));
    this.listening = true;
  },
  record(args) {
    this.calls.push(args);
    const ready = this.waiters.filter((w) => this.calls.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.calls.length < w.count);
    for (const w of ready) w.resolve(this.calls.length);
  },
  // Resolves once at least `count` events are recorded (since the last clear).
  wait(count) {
    if (this.calls.length >= count) return Promise.resolve(this.calls.length);
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  },
  clear() {
    this.calls = [];
  },
};

const methods = {
  ...helpers,
  ...sessionsMethods(),
  "events.count": () => eventLog.calls.length,
  "events.calls": () => eventLog.calls.map((args) => Array.from(args)),
  "events.wait": (count) => eventLog.wait(count),
  "events.clear": () => { eventLog.clear(); },
  async "harness.ping"() {
    eventLog.start();
    watchVisits();
    keptTabs.watch();
    const tab = await browser.tabs.getCurrent();
    return { tabId: tab.id, windowId: tab.windowId, url: location.href };
  },
  "harness.reset": resetBrowserState,
  "harness.keepTab": (tabId, url) => { keptTabs.keep(tabId, url); },
  "harness.forgetClosedPage": forgetClosedPage,
  "harness.blankStalePages": blankStalePages,
};

// Right after a start: tabs that show a page of our extensions (URLs starting
// with one of `prefixes`), other than this one, are copies session restore
// brought back before their extensions were installed again, so dead pages.
// Each is navigated to about:blank: a browser that records closed tabs of
// such pages (Chromium) would list them if they were closed. Returns how many.
async function blankStalePages(prefixes) {
  const me = await browser.tabs.getCurrent();
  const stale = (await browser.tabs.query({})).filter(
    (tab) => tab.id !== me.id && prefixes.some((prefix) => (tab.url || "").startsWith(prefix)));
  await Promise.all(stale.map((tab) => helpers["tabs.navigate"](tab.id, "about:blank")));
  return stale.length;
}
// Tabs a reset keeps instead of closing while nothing has happened to them:
// the blank tab the last reset opened (opening one tab and closing another is
// half of what a reset costs), and the harness's pages in user extensions
// (opening one again costs a tab, a page load and a closed entry to forget).
// A navigation (a URL other than the one kept), a change of anything but its
// loading state, a move, a zoom or its removal spends a tab.
const SETTLING_KEYS = new Set(["status", "url", "title", "favIconUrl"]);
const keptTabs = {
  urls: new Map(), // tab id -> the URL it must still show
  watching: false,
  watch() {
    if (this.watching) return;
    this.watching = true;
    const spend = (tabId) => this.urls.delete(tabId);
    browser.tabs.onUpdated.addListener((tabId, change) => {
      const url = this.urls.get(tabId);
      if (url === undefined) return;
      const navigated = change.url !== undefined && change.url !== url;
      if (navigated || Object.keys(change).some((key) => !SETTLING_KEYS.has(key))) spend(tabId);
    });
    for (const event of [browser.tabs.onMoved, browser.tabs.onAttached, browser.tabs.onDetached, browser.tabs.onRemoved]) {
      event.addListener(spend);
    }
    if (browser.tabs.onZoomChange) browser.tabs.onZoomChange.addListener((info) => spend(info.tabId));
  },
  keep(tabId, url) {
    if (this.watching) this.urls.set(tabId, url);
  },
  // The tab, if it is still kept, untouched and in `windowId`; else null. Kept no longer.
  async take(tabId, windowId) {
    const url = this.urls.get(tabId);
    this.urls.delete(tabId);
    if (url === undefined) return null;
    const tab = await browser.tabs.get(tabId).catch(() => null);
    const untouched = tab && tab.windowId === windowId && tab.url === url && !tab.pinned &&
      !tab.hidden && !tab.discarded && !(tab.mutedInfo && tab.mutedInfo.muted) && (tab.groupId ?? -1) === -1;
    return untouched ? tab : null;
  },
};
let blankTabId = null; // the blank tab the last reset left

// Back to the state right after launch: this page's window with this page and
// one blank tab, nothing else open, nothing in the closed list, an empty event
// log. Values are cleared afterwards for every extension (harness/js/clear_values.js).
// No event of the cleanup arrives after it returns:
// - where the browser can forget entries (Firefox), each close and forget
//   waits for its own sessions.onChanged before the next one (Firefox records
//   closed windows asynchronously and may coalesce notifications);
// - where it cannot (Chromium: no forget*), the list is emptied by removing
//   all history, whose one onChanged comes after those of the closes before it
//   (Chromium records a close before the tab or window is gone, in order).
//   With nothing closed and nothing listed there is nothing to wait for.
// How long a reset waits for the record of a closed blank tab of unknown history
// (the first reset after a start): Firefox records one that holds history after
// flushing its state, on a loaded machine well within this.
const LATE_RECORD_MS = 1500;

// `contextTabs`: tabs showing the harness's page in a user extension, kept if untouched
// (the caller reloads them); their ids are answered as `keptContexts`.
async function resetBrowserState(contextTabs = []) {
  const me = await browser.tabs.getCurrent();
  const kept = blankTabId === null ? null : await keptTabs.take(blankTabId, me.windowId);
  const contexts = [];
  for (const tabId of contextTabs) {
    const tab = await keptTabs.take(tabId, me.windowId);
    if (tab) contexts.push(tab);
  }
  const keep = new Set([me.id, ...contexts.map((tab) => tab.id)]);
  const fresh = kept || (await browser.tabs.create({ windowId: me.windowId, url: "about:blank", active: true }));
  const canForget = typeof browser.sessions.forgetClosedTab === "function";
  const expectRecord = canForget ? undefined : false; // undefined: the helper decides from the tab
  let closed = 0;
  let unknown = false; // closed a blank tab whose history the fixture never saw
  for (const window of await browser.windows.getAll({ populate: true })) {
    if (window.id !== me.windowId) {
      await helpers["windows.close"](window.id, expectRecord);
      closed += 1;
      continue;
    }
    for (const tab of window.tabs) {
      if (keep.has(tab.id) || tab.id === fresh.id) continue;
      unknown = unknown || historyUnknown(tab);
      await helpers["tabs.close"](tab.id, expectRecord);
      closed += 1;
    }
  }
  if (kept && !(await browser.tabs.get(kept.id)).active) await browser.tabs.update(kept.id, { active: true });
  if (canForget && unknown) await lateRecord(LATE_RECORD_MS);
  const forgotten = canForget ? await forgetAllClosed() : await removeAllHistory(closed);
  blankTabId = fresh.id;
  keptTabs.keep(fresh.id, "about:blank");
  for (const tab of contexts) keptTabs.keep(tab.id, tab.url);
  eventLog.clear();
  const keptContexts = contexts.map((tab) => tab.id);
  return { tabId: fresh.id, windowId: me.windowId, harnessTabId: me.id, forgotten, keptContexts };
}

// After the extension reloaded (Browser.allow_private): Firefox lists the page
// it closed, which held event listeners. Waits up to `ms` for that entry and
// forgets it, so that the closed list is as before. Answers whether it was listed.
async function forgetClosedPage(url, ms) {
  const listed = async () => (await browser.sessions.getRecentlyClosed()).find((s) => s.tab && s.tab.url === url);
  let entry = await listed();
  const deadline = Date.now() + ms;
  while (!entry && Date.now() < deadline) {
    const changed = nextSessionsChange();
    let timer;
    const waited = new Promise((resolve) => { timer = setTimeout(resolve, deadline - Date.now()); });
    await Promise.race([changed, waited]); // the timeout bounds a wait for an event that may never come
    clearTimeout(timer);
    entry = await listed();
  }
  if (!entry) return false;
  const forgotten = nextSessionsChange();
  await browser.sessions.forgetClosedTab(entry.tab.windowId, entry.tab.sessionId);
  await forgotten;
  return true;
}

async function forgetAllClosed() {
  let forgotten = 0;
  for (;;) {
    const closed = await browser.sessions.getRecentlyClosed();
    if (!closed.length) return forgotten;
    for (const session of closed) {
      const changed = nextSessionsChange();
      if (session.tab) await browser.sessions.forgetClosedTab(session.tab.windowId, session.tab.sessionId);
      else await browser.sessions.forgetClosedWindow(session.window.sessionId);
      await changed;
      forgotten += 1;
    }
  }
}

// Empties the closed list without forget*: browsingData.remove of all history
// (the "browsingData" permission; it also empties the back/forward lists of
// open tabs). It fires one sessions.onChanged, also when the list was empty.
// Skipped when the reset closed nothing and nothing is listed.
async function removeAllHistory(closedNow) {
  const count = (await browser.sessions.getRecentlyClosed()).length;
  if (!closedNow && !count) return 0;
  const changed = nextSessionsChange();
  await browser.browsingData.remove({ since: 0 }, { history: true });
  await changed;
  return count;
}

exposeBridge(methods);
