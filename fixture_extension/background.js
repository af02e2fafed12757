"use strict";
// Records sessions.onChanged from the moment the extension starts, and opens
// the bridge page (WebDriver cannot navigate to moz-extension:// URLs, but it
// can switch to a tab the extension opened itself).
// There is deliberately no runtime.onMessage / onMessageExternal listener:
// nothing on the web can talk to this extension.

const eventLog = {
  calls: [],
  waiters: [],
  record(args) {
    this.calls.push(args);
    const ready = this.waiters.filter((w) => this.calls.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.calls.length < w.count);
    for (const w of ready) w.resolve(this.calls.length);
  },
  // Resolves once at least `count` events are recorded (since the last clear).
  wait(count) {
    if (this.calls.length >= count) return Promise.resolve(this.calls.length);
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  },
  clear() {
    this.calls = [];
  },
};
window.harnessEvents = eventLog;

browser.sessions.onChanged.addListener((...args) => eventLog.record(args));

browser.tabs.create({ url: browser.runtime.getURL("page.html"), active: false });
