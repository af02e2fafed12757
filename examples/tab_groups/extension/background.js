"use strict";
// A new tab joins its window's active group, unless it already has a group:
// a restored tab brings its own back with it.
browser.tabs.onCreated.addListener(async (tab) => {
  if ((await groupOf(tab.id)) !== undefined) return;
  await setGroup(tab.id, await activeGroup(tab.windowId));
});

// The popup asks for everything else through messages.
const handlers = {
  groups: ({ windowId }) => groupsOf(windowId),
  activeGroup: ({ windowId }) => activeGroup(windowId),
  activate: ({ windowId, group }) => setActiveGroup(windowId, group),
  moveTab: ({ tabId, group }) => setGroup(tabId, group),
};

browser.runtime.onMessage.addListener((message) => {
  const handler = handlers[message && message.type];
  if (!handler) return undefined;
  return handler(message);
});
