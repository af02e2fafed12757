"use strict";
// A probe for the harness's own tests on every browser: Firefox runs it as an
// event page (background.scripts), Chromium as a service worker
// (background.service_worker). It answers a "probe" message, which shows that
// its background runs, with what it sees of the sessions API.
const api = globalThis.browser || globalThis.chrome;
api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!message || message.type !== "probe") return undefined;
  sendResponse({ id: api.runtime.id, sessions: typeof api.sessions, from: sender.url });
  return undefined;
});
