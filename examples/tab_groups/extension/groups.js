"use strict";
// Group membership:
//   tab value    "group"        the name of the tab's group
//   window value "activeGroup"  the group that new tabs in the window join
// Where the browser keeps values with the tabs and windows themselves
// (sessions.setTabValue / setWindowValue: Firefox), groups survive closing,
// restoring and restarting. Where it does not (Chromium), they are kept in
// storage.session by tab and window id: they last as long as the tab or
// window, and a restored tab joins its window's active group like a new one.
const api = globalThis.browser || globalThis.chrome;
const TAB_KEY = "group";
const WINDOW_KEY = "activeGroup";
const DEFAULT_GROUP = "General";
const KEPT_BY_THE_BROWSER = typeof api.sessions.setTabValue === "function";

const values = KEPT_BY_THE_BROWSER
  ? {
      getTab: (tabId, key) => api.sessions.getTabValue(tabId, key),
      setTab: (tabId, key, value) => api.sessions.setTabValue(tabId, key, value),
      getWindow: (windowId, key) => api.sessions.getWindowValue(windowId, key),
      setWindow: (windowId, key, value) => api.sessions.setWindowValue(windowId, key, value),
    }
  : {
      getTab: (tabId, key) => stored(`tab:${tabId}:${key}`),
      setTab: (tabId, key, value) => api.storage.session.set({ [`tab:${tabId}:${key}`]: value }),
      getWindow: (windowId, key) => stored(`window:${windowId}:${key}`),
      setWindow: (windowId, key, value) => api.storage.session.set({ [`window:${windowId}:${key}`]: value }),
    };

async function stored(key) {
  return (await api.storage.session.get(key))[key];
}

function groupOf(tabId) {
  return values.getTab(tabId, TAB_KEY);
}

function setGroup(tabId, group) {
  return values.setTab(tabId, TAB_KEY, group);
}

async function activeGroup(windowId) {
  return (await values.getWindow(windowId, WINDOW_KEY)) || DEFAULT_GROUP;
}

function setActiveGroup(windowId, group) {
  return values.setWindow(windowId, WINDOW_KEY, group);
}

// {group name: [tab ids in tab order]} for one window.
async function groupsOf(windowId) {
  const groups = {};
  for (const tab of await api.tabs.query({ windowId })) {
    const group = (await groupOf(tab.id)) || DEFAULT_GROUP;
    (groups[group] = groups[group] || []).push(tab.id);
  }
  return groups;
}

// What storage.session holds for a tab or window that is gone is dropped with it.
function forget(prefix) {
  return api.storage.session.remove([`${prefix}:${TAB_KEY}`, `${prefix}:${WINDOW_KEY}`]);
}
