"use strict";
// As ../event_page/background.js, in a service worker: registered at the top level, so the browser
// starts the worker for the event when it is stopped; each call is logged in storage.local with the
// newest closed entry's sessionId and whether it was the first event since the worker started.
let first = true;
let queue = Promise.resolve();
chrome.sessions.onChanged.addListener(() => {
  const fresh = first;
  first = false;
  queue = queue.then(async () => {
    const [newest] = await chrome.sessions.getRecentlyClosed({ maxResults: 1 });
    const { calls = [] } = await chrome.storage.local.get("calls");
    calls.push({ fresh, newest: newest ? (newest.tab || newest.window).sessionId : null });
    await chrome.storage.local.set({ calls });
  });
});
