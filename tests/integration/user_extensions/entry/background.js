"use strict";
// A probe for the harness's entry points: a toolbar button, a command and menu
// items, each recording what it got in `events` (a top-level const, which is
// not a property of the global object), and a `started` counter that a new
// background start resets.
const api = globalThis.browser || globalThis.chrome;
const menus = api.menus || api.contextMenus;
// The toolbar button: `action` in Manifest V3, `browserAction` in V2 (the tests load this
// background under a V2 manifest too), with its own menu context.
const mv2 = api.runtime.getManifest().manifest_version === 2;
const action = mv2 ? api.browserAction : api.action;
const actionMenu = mv2 ? "browser_action" : "action";
const events = [];
const waiting = [];
function record(event) {
  events.push(event);
  for (const wake of waiting.splice(0)) wake();
}
// The events of one kind, once there is one (for the harness's tests, through evaluate_background).
function eventsOf(kind) {
  return new Promise(function check(resolve) {
    const found = events.filter((event) => event.kind === kind);
    if (found.length) resolve(found);
    else waiting.push(() => check(resolve));
  });
}
let started = Date.now();
class Probe {
  static describe() {
    return `probe ${api.runtime.id}`;
  }
}

action.onClicked.addListener((tab, info) => {
  record({ kind: "action", tabId: tab.id, info: info || null });
});
api.commands.onCommand.addListener((name, tab) => {
  record({ kind: "command", name, tabId: tab ? tab.id : null });
});
menus.onClicked.addListener((info, tab) => {
  record({ kind: "menu", id: info.menuItemId, tabId: tab ? tab.id : null });
});
if (menus.onShown) {
  menus.onShown.addListener((info, tab) => {
    record({ kind: "shown", contexts: info.contexts });
    menus.update("shown-title", { title: `shown for tab ${tab ? tab.id : "none"}` }).then(() => menus.refresh());
  });
}
api.runtime.onMessage.addListener((message) => {
  if (message && message.popup) record({ kind: "popup", state: message.popup });
});
api.runtime.onInstalled.addListener(() => {
  menus.create({ id: "first", title: "First item", contexts: ["tab", "page", actionMenu] });
  menus.create({ id: "second", title: "Second item", contexts: ["tab", "page"] });
  menus.create({ id: "shown-title", title: "not shown yet", contexts: ["tab"] });
});
// Each sessions.onChanged, logged in storage.local (which outlives a suspended background) with
// whether it was the first event since this background started: a test can see that the event
// woke a stopped background and that its listener ran there.
let fresh = true;
let logged = Promise.resolve();
api.sessions.onChanged.addListener(() => {
  const first = fresh;
  fresh = false;
  logged = logged.then(async () => {
    const { changes = [] } = await api.storage.local.get("changes");
    changes.push({ fresh: first });
    await api.storage.local.set({ changes });
  });
});
