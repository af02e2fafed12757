"use strict";
// A new tab joins its window's active group, unless it already has a group:
// a restored tab brings its own back with it (where the browser keeps values).
api.tabs.onCreated.addListener(async (tab) => {
  if ((await groupOf(tab.id)) !== undefined) return;
  await setGroup(tab.id, await activeGroup(tab.windowId));
});

if (!KEPT_BY_THE_BROWSER) {
  api.tabs.onRemoved.addListener((tabId) => forget(`tab:${tabId}`));
  api.windows.onRemoved.addListener((windowId) => forget(`window:${windowId}`));
}

// The popup asks for everything else through messages.
const handlers = {
  groups: ({ windowId }) => groupsOf(windowId),
  groupOf: ({ tabId }) => groupOf(tabId),
  activeGroup: ({ windowId }) => activeGroup(windowId),
  activate: ({ windowId, group }) => setActiveGroup(windowId, group),
  moveTab: ({ tabId, group }) => setGroup(tabId, group),
  keptByTheBrowser: () => KEPT_BY_THE_BROWSER,
};

// Answers through sendResponse, which both browsers support for an asynchronous answer.
api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlers[message && message.type];
  if (!handler) return undefined;
  Promise.resolve(handler(message)).then(
    (value) => sendResponse(value === undefined ? null : value),
    (error) => sendResponse({ error: String(error) }),
  );
  return true;
});
