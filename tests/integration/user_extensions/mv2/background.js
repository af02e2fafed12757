"use strict";
// A probe for the harness's own tests: marks every new tab with a value in this
// extension's namespace, and throws (an error for the failure report) when a
// tab opens a page whose title is "throw".
browser.tabs.onCreated.addListener(async (tab) => {
  await browser.sessions.setTabValue(tab.id, "probe", browser.runtime.getManifest().manifest_version);
});
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === "complete" && tab.url && tab.url.endsWith("/throw")) {
    throw new Error(`probe failure in ${browser.runtime.id}`);
  }
});
