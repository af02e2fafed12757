"use strict";
// A probe for the harness's entry points: a toolbar button, a command and menu
// items, each recording what it got in `events` (a top-level const, which is
// not a property of the global object), and a `started` counter that a new
// background start resets.
const api = globalThis.browser || globalThis.chrome;
const menus = api.menus || api.contextMenus;
const events = [];
let started = Date.now();
class Probe {
  static describe() {
    return `probe ${api.runtime.id}`;
  }
}

api.action.onClicked.addListener((tab, info) => {
  events.push({ kind: "action", tabId: tab.id, info: info || null });
});
api.commands.onCommand.addListener((name, tab) => {
  events.push({ kind: "command", name, tabId: tab ? tab.id : null });
});
menus.onClicked.addListener((info, tab) => {
  events.push({ kind: "menu", id: info.menuItemId, tabId: tab ? tab.id : null });
});
if (menus.onShown) {
  menus.onShown.addListener((info, tab) => {
    events.push({ kind: "shown", contexts: info.contexts });
    menus.update("shown-title", { title: `shown for tab ${tab ? tab.id : "none"}` }).then(() => menus.refresh());
  });
}
api.runtime.onInstalled.addListener(() => {
  menus.create({ id: "first", title: "First item", contexts: ["tab", "page", "action"] });
  menus.create({ id: "second", title: "Second item", contexts: ["tab", "page"] });
  menus.create({ id: "shown-title", title: "not shown yet", contexts: ["tab"] });
});
