"use strict";
// Scenario helpers: each performs an action and resolves when the browser's
// own events say it is finished (tabs.onUpdated, tabs.onRemoved,
// windows.onRemoved, sessions.onChanged). Nothing here waits on a clock.

// URLs the browser does not record in the closed list when a tab only showed
// them (measured): Firefox skips blank and new-tab pages; Chromium records
// every tab that finished loading, about:blank and its new-tab page included.
const UNRECORDED_URLS = new Set(location.protocol === "moz-extension:" ? [
  "about:blank", "about:newtab", "about:home", "about:privatebrowsing", "chrome://browser/content/blanktab.html",
] : []);

function normalizeUrl(url) {
  try {
    return new URL(url).href;
  } catch (_) {
    return url;
  }
}

function describeTab(tab) {
  return tab ? `url=${tab.url} status=${tab.status}` : "never seen";
}

// Runs `action` with a tabs.onUpdated listener already in place, then resolves
// with the tab once `isDone(tab, sawLoading)` holds for the tab id the action
// names. Events that arrive before the id is known are buffered.
function afterTabUpdate(action, isDone, what) {
  const seen = new Map(); // tabId -> {tab, sawLoading}
  let target = null;
  let settle = null;
  const state = (id) => seen.get(id) || { tab: null, sawLoading: false };
  const onUpdated = (id, change, tab) => {
    const s = state(id);
    seen.set(id, { tab, sawLoading: s.sawLoading || change.status === "loading" });
    if (id === target && settle) settle();
  };
  const onRemoved = (id) => {
    if (id === target && settle) settle(new Error(`tab ${id} was closed while ${what}`));
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  browser.tabs.onRemoved.addListener(onRemoved);
  const cleanup = () => {
    browser.tabs.onUpdated.removeListener(onUpdated);
    browser.tabs.onRemoved.removeListener(onRemoved);
  };
  const done = (async () => {
    const tabId = await action();
    target = tabId;
    // The tab's state now, unless an event already told us something newer.
    const current = await browser.tabs.get(tabId);
    if (!seen.has(tabId)) seen.set(tabId, { tab: current, sawLoading: current.status === "loading" });
    await new Promise((resolve, reject) => {
      settle = (error) => {
        if (error) return reject(error);
        const s = state(tabId);
        if (s.tab && isDone(s.tab, s.sawLoading)) resolve();
      };
      settle();
    });
    return browser.tabs.get(tabId);
  })();
  done.then(cleanup, cleanup);
  harnessWaits.set(done, () => `${what} (last seen: ${describeTab(state(target).tab)})`);
  return done;
}

function loadedAt(url) {
  const expected = url === undefined ? undefined : normalizeUrl(url);
  return (tab, sawLoading) =>
    tab.status === "complete" && (expected === undefined ? sawLoading : tab.url === expected);
}

// Resolves on the next sessions.onChanged seen by this page.
function nextSessionsChange() {
  return new Promise((resolve) => {
    const listener = () => {
      browser.sessions.onChanged.removeListener(listener);
      resolve();
    };
    browser.sessions.onChanged.addListener(listener);
  });
}

function onceRemoved(event, id) {
  return new Promise((resolve) => {
    const listener = (removedId) => {
      if (removedId !== id) return;
      event.removeListener(listener);
      resolve();
    };
    event.addListener(listener);
  });
}

// Tabs that have shown a page the browser records: Firefox records such a tab
// when it closes even if it shows about:blank again, since its history holds
// the page (measured). Watched from the harness's first call (harness.ping).
const visitedTabs = new Set();
let watchingVisits = false;
// Tabs created since the watch began: their whole history was seen. A blank tab
// from before (the browser's first tab, one session restore reopened) may hold
// history the extension never saw, and then Firefox records it when it closes,
// at its own pace.
const watchedTabs = new Set();
function watchVisits() {
  if (watchingVisits) return;
  watchingVisits = true;
  browser.tabs.onCreated.addListener((tab) => watchedTabs.add(tab.id));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url !== undefined && !UNRECORDED_URLS.has(change.url)) visitedTabs.add(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    visitedTabs.delete(tabId);
    watchedTabs.delete(tabId);
  });
}

// A normal blank tab whose history the extension has not seen (see watchedTabs).
function historyUnknown(tab) {
  return watchingVisits && !tab.incognito && !watchedTabs.has(tab.id) && !recordable([tab]);
}

// After closing a tab of unknown history: its record, if the browser makes one,
// or nothing within `ms` (the bound is the point: there may be no event to wait for).
async function lateRecord(ms) {
  let timer;
  const waited = new Promise((resolve) => { timer = setTimeout(resolve, ms); }); // allowed-sleep: bounds a wait for an event that may never come
  await Promise.race([nextSessionsChange(), waited]);
  clearTimeout(timer);
}

function recordable(tabs) {
  return tabs.some((tab) => !tab.incognito && (!UNRECORDED_URLS.has(tab.url) || visitedTabs.has(tab.id)));
}

// The tab that loads `url` is done when it shows exactly that URL, complete.
// Without a URL, done when complete at a page other than about:blank: a tab
// that sessions.restore() reopened is "complete" at about:blank for a moment
// before it starts loading what it restores.
function waitLoaded(tabId, url) {
  const check = url === undefined ? (tab) => tab.status === "complete" && tab.url !== "about:blank" : loadedAt(url);
  return afterTabUpdate(async () => tabId, check, `waiting for tab ${tabId} to finish loading${url ? " " + url : ""}`);
}

// Back or forward: done when the tab has loaded a URL other than the one it
// showed before the step. (A late load event of the page it is leaving, say
// of a just restored tab, must not count; a history step between two entries
// of the very same URL is therefore not supported.)
async function historyStep(tabId, step, what) {
  const before = (await browser.tabs.get(tabId)).url;
  return afterTabUpdate(
    async () => { await step(); return tabId; },
    (tab, sawLoading) => sawLoading && tab.status === "complete" && tab.url !== before,
    `${what} from ${before}`,
  );
}

const helpers = {
  "tabs.open"(url, windowId, active) {
    return afterTabUpdate(
      async () => (await browser.tabs.create({ url, windowId, active })).id,
      loadedAt(url),
      `waiting for a new tab to load ${url}`,
    );
  },
  "tabs.navigate"(tabId, url) {
    return afterTabUpdate(
      async () => (await browser.tabs.update(tabId, { url })).id,
      (tab, sawLoading) => sawLoading && loadedAt(url)(tab, sawLoading),
      `waiting for tab ${tabId} to navigate to ${url}`,
    );
  },
  "tabs.goBack"(tabId) {
    return historyStep(tabId, () => browser.tabs.goBack(tabId), `waiting for tab ${tabId} to go back`);
  },
  "tabs.goForward"(tabId) {
    return historyStep(tabId, () => browser.tabs.goForward(tabId), `waiting for tab ${tabId} to go forward`);
  },
  "tabs.waitLoaded": waitLoaded,
  "tabs.duplicate"(tabId) {
    return afterTabUpdate(
      async () => (await browser.tabs.duplicate(tabId)).id,
      (tab) => tab.status === "complete" && tab.url !== "about:blank",
      `waiting for the duplicate of tab ${tabId} to load`,
    );
  },
  async "tabs.move"(tabId, windowId, index) {
    const moved = await browser.tabs.move(tabId, { windowId, index });
    return Array.isArray(moved) ? moved[0] : moved;
  },
  // Resolves once the tab is gone and, when the browser records it, once the
  // closed list has changed. `expectRecord` undefined means: decide from the
  // tab (private tabs and tabs that never showed a real page are not recorded).
  async "tabs.close"(tabId, expectRecord) {
    const tab = await browser.tabs.get(tabId);
    const window = await browser.windows.get(tab.windowId, { populate: true });
    const closesWindow = window.tabs.length === 1;
    const recorded = expectRecord !== undefined ? expectRecord : recordable([tab]);
    const changed = recorded ? nextSessionsChange() : null;
    const removed = closesWindow
      ? onceRemoved(browser.windows.onRemoved, window.id)
      : onceRemoved(browser.tabs.onRemoved, tabId);
    await browser.tabs.remove(tabId);
    await removed;
    if (changed) await changed;
  },
  async "windows.open"(urls, incognito) {
    const wanted = urls.length ? urls.map(normalizeUrl) : null;
    const loaded = new Map();
    let expectedIds = null;
    let settle = null;
    const ready = (tab) => tab.status === "complete" && (!wanted || tab.url !== "about:blank");
    const onUpdated = (id, change, tab) => {
      if (ready(tab)) loaded.set(id, tab);
      if (settle) settle();
    };
    browser.tabs.onUpdated.addListener(onUpdated);
    try {
      const created = await browser.windows.create({ url: urls.length ? urls : undefined, incognito });
      const window = await browser.windows.get(created.id, { populate: true });
      expectedIds = window.tabs.map((t) => t.id);
      for (const t of window.tabs) if (ready(t)) loaded.set(t.id, t);
      const what = `waiting for the tabs of window ${created.id} to load ${wanted ? wanted.join(", ") : ""}`;
      const allLoaded = new Promise((resolve) => {
        settle = () => {
          if (expectedIds.every((id) => loaded.has(id))) resolve();
        };
        settle();
      });
      harnessWaits.set(allLoaded, () => `${what} (loaded: ${[...loaded.values()].map((t) => t.url).join(", ") || "none"})`);
      await allLoaded;
      return browser.windows.get(created.id, { populate: true });
    } finally {
      browser.tabs.onUpdated.removeListener(onUpdated);
    }
  },
  async "windows.close"(windowId, expectRecord) {
    const window = await browser.windows.get(windowId, { populate: true });
    const recorded = expectRecord !== undefined ? expectRecord : recordable(window.tabs);
    const changed = recorded ? nextSessionsChange() : null;
    const removed = onceRemoved(browser.windows.onRemoved, windowId);
    await browser.windows.remove(windowId);
    await removed;
    if (changed) await changed;
  },
  "windows.get"(windowId) {
    return browser.windows.get(windowId, { populate: true });
  },
  "windows.all"() {
    return browser.windows.getAll({ populate: true });
  },
};

helpers["tabs.get"] = (tabId) => browser.tabs.get(tabId);
helpers["tabs.query"] = (queryInfo) => browser.tabs.query(queryInfo);
