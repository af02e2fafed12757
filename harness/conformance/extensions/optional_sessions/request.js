"use strict";
// The page's title tells the harness what happened (an extension with the tabs permission can read it):
// before the click, whether browser.sessions exists; after it, the request's answer and what sessions does then.
const before = typeof browser.sessions;
document.title = `optional sessions (asked): ${JSON.stringify({ before })}`;
addEventListener("DOMContentLoaded", () => {
  document.getElementById("grant").addEventListener("click", async () => {
    const state = { before };
    try {
      state.granted = await browser.permissions.request({ permissions: ["sessions"] });
      state.after = typeof browser.sessions;
      state.sessionIds = (await browser.sessions.getRecentlyClosed()).map((s) => (s.tab || s.window).sessionId);
    } catch (error) {
      state.error = error.message;
    }
    document.title = `optional sessions (answered): ${JSON.stringify(state)}`;
  });
});
