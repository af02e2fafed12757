"use strict";
// A probe for the harness's own tests: marks every new tab with a value in this
// extension's namespace, and fails on purpose (errors for the failure report)
// when a tab loads a page whose title is "throw" or "reject".
browser.tabs.onCreated.addListener(async (tab) => {
  await browser.sessions.setTabValue(tab.id, "probe", browser.runtime.getManifest().manifest_version);
});
browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status !== "complete" || !tab.url) return;
  if (tab.url.endsWith("/throw")) throw new Error(`probe failure in ${browser.runtime.id}`);
  if (tab.url.endsWith("/reject")) Promise.reject(new Error(`probe rejection in ${browser.runtime.id}`));
});
