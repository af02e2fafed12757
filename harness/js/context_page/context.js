"use strict";
// The page the harness adds to its copy of a user's extension, so that tests
// run code in that extension's own context: the sessions functions, execute()
// and wait_for() (all from dispatch.js, copied beside this file).
exposeBridge({
  ...sessionsMethods(),
  async "harness.ping"() {
    const tab = await browser.tabs.getCurrent();
    const manifest = browser.runtime.getManifest();
    return { tabId: tab.id, windowId: tab.windowId, id: browser.runtime.id, manifestVersion: manifest.manifest_version };
  },
});
