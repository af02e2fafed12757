"use strict";
// Registered at the top level, so the browser starts this event page for the event when it is not
// running. Each call is logged in storage.local with the newest closed entry's sessionId and whether
// it was the first event since the page started (`fresh`: the event woke the page up).
let first = true;
let queue = Promise.resolve();
browser.sessions.onChanged.addListener(() => {
  const fresh = first;
  first = false;
  queue = queue.then(async () => {
    const [newest] = await browser.sessions.getRecentlyClosed({ maxResults: 1 });
    const { calls = [] } = await browser.storage.local.get("calls");
    calls.push({ fresh, newest: newest ? (newest.tab || newest.window).sessionId : null });
    await browser.storage.local.set({ calls });
  });
});
