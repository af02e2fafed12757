"use strict";
// A probe for the harness's own tests on every browser: Firefox runs it as an
// event page (background.scripts), Chromium as a service worker
// (background.service_worker). It answers a "probe" message, which shows that
// its background runs, and fails on purpose (errors for the failure report)
// when a tab loads a page whose title is "throw" or "reject".
const api = globalThis.browser || globalThis.chrome;
api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!message || message.type !== "probe") return undefined;
  sendResponse({ id: api.runtime.id, sessions: typeof api.sessions, from: sender.url });
  return undefined;
});
api.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status !== "complete" || !tab.url) return;
  if (tab.url.endsWith("/throw")) throw new Error(`probe failure in ${api.runtime.id}`);
  if (tab.url.endsWith("/reject")) Promise.reject(new Error(`probe rejection in ${api.runtime.id}`));
});
