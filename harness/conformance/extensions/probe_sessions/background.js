"use strict";
// Show the answer where an extension with the tabs permission can read it: a tab title.
// (A Firefox event page or a Chromium service worker: the same file for both.)
const api = globalThis.browser || globalThis.chrome;
api.tabs.create({ url: api.runtime.getURL("probe.html"), active: false });
