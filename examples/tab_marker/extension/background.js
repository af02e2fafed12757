"use strict";
// Tab Marker: one background for Firefox (an event page) and Chromium (a service
// worker). Either may be suspended between events, so nothing that must last is
// kept in a global: `lastMarked` is only a convenience, lost on suspension.
const api = globalThis.browser || globalThis.chrome;
const menus = api.menus || api.contextMenus;
const MENU_ID = "toggle-mark";
let lastMarked = null;

// Where a mark lives: with the tab (Firefox), or in storage.session (Chromium).
async function isMarked(tabId) {
  if (api.sessions.getTabValue) return (await api.sessions.getTabValue(tabId, "marked")) === true;
  const { marks = {} } = await api.storage.session.get("marks");
  return marks[tabId] === true;
}

async function setMarked(tabId, marked) {
  if (api.sessions.setTabValue) {
    if (marked) await api.sessions.setTabValue(tabId, "marked", true);
    else await api.sessions.removeTabValue(tabId, "marked");
    return;
  }
  const { marks = {} } = await api.storage.session.get("marks");
  if (marked) marks[tabId] = true;
  else delete marks[tabId];
  await api.storage.session.set({ marks });
}

async function toggle(tab) {
  // Marks are for web pages: a click anywhere else is a mistake the console shows.
  if (!/^https?:/.test(tab.url || "")) throw new Error(`Tab Marker marks web pages only, not ${tab.url}`);
  const marked = !(await isMarked(tab.id));
  await setMarked(tab.id, marked);
  if (marked) lastMarked = tab.id;
  await api.action.setTitle({ tabId: tab.id, title: marked ? "Unmark this tab" : "Mark this tab" });
}

api.action.onClicked.addListener((tab) => toggle(tab));
api.commands.onCommand.addListener(async (name, tab) => {
  if (name !== "toggle-mark") return;
  const [active] = tab ? [tab] : await api.tabs.query({ active: true, lastFocusedWindow: true });
  await toggle(active);
});
menus.onClicked.addListener((info, tab) => {
  if (info.menuItemId === MENU_ID) return toggle(tab);
});
// Firefox: the menu item says what a click will do, for the tab it was opened on.
if (menus.onShown) {
  menus.onShown.addListener(async (info, tab) => {
    if (!info.menuIds.includes(MENU_ID)) return;
    await menus.update(MENU_ID, { title: (await isMarked(tab.id)) ? "Unmark this tab" : "Mark this tab" });
    menus.refresh();
  });
}
api.runtime.onInstalled.addListener(() => {
  menus.create({ id: MENU_ID, title: "Mark this tab", contexts: ["tab", "page"] });
});
