// Runs as a web page's own script (injected by test_security.py) and tries
// every way a web page might reach the fixture extension's bridge. Reports
// what happened in a "probe-done" event on the document.
(async () => {
  const { extUrl, extId, windowId } = document.documentElement.dataset;
  const out = {};
  out.browserGlobal = typeof browser;
  out.chromeRuntime = typeof chrome === "undefined" ? "undefined" : typeof chrome.runtime;
  const call = { method: "sessions.setWindowValue", args: [Number(windowId), "pwned", true] };
  try {
    await chrome.runtime.sendMessage(extId, call);
    out.sendMessage = "sent";
  } catch (error) {
    out.sendMessage = error.name;
  }
  // Every window the page can name, with the bridge's call in several shapes.
  for (const target of new Set([window, window.top, window.parent, window.opener].filter(Boolean))) {
    for (const message of [call, [call.method, call.args], JSON.stringify(call)]) target.postMessage(message, "*");
  }
  try {
    const popup = window.open(extUrl);
    out.popupHarness = popup ? typeof popup.harness : "blocked";
  } catch (error) {
    out.popupHarness = error.name;
  }
  try {
    await fetch(extUrl);
    out.fetch = "ok";
  } catch (error) {
    out.fetch = error.name;
  }
  document.dispatchEvent(new CustomEvent("probe-done", { detail: JSON.stringify(out) }));
})();
