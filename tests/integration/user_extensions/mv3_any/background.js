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
// An async listener: its rejected promise goes back to the browser, which logs
// it (Firefox: without a source file) when a page titled "listener-reject" loads.
api.tabs.onUpdated.addListener(async (tabId, change, tab) => {
  if (change.status === "complete" && tab.url && tab.url.endsWith("/listener-reject")) {
    throw new Error(`probe listener rejection in ${api.runtime.id}`);
  }
});
// An async listener whose error names no extension, when a page titled "anonymous-reject" loads:
// only its stack (the extension's origin) says whose it is.
api.tabs.onUpdated.addListener(async (tabId, change, tab) => {
  if (change.status === "complete" && tab.url && tab.url.endsWith("/anonymous-reject")) {
    throw new Error("probe rejection naming no extension");
  }
});
// An async listener whose browser API call rejects, when a page titled
// "api-reject" loads: Firefox logs that error without a source file.
api.tabs.onUpdated.addListener(async (tabId, change, tab) => {
  if (change.status === "complete" && tab.url && tab.url.endsWith("/api-reject")) {
    await api.tabs.get(2147483647);
  }
});
// An async listener that rejects with a string, when a page titled
// "string-reject" loads: Firefox logs it without a source file.
api.tabs.onUpdated.addListener(async (tabId, change, tab) => {
  if (change.status === "complete" && tab.url && tab.url.endsWith("/string-reject")) {
    throw `probe string rejection in ${api.runtime.id}`;
  }
});
