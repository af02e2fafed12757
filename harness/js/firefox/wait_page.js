// Chrome context. Resolves once a tab has finished loading exactly `url`,
// waiting on tab progress events and new windows (never polling). The caller
// then finds that tab's WebDriver handle by its URL (standard WebDriver).
// arguments: url, timeout in ms, WebDriver's callback, which gets {ok} or {error}.
const [url, timeoutMs] = arguments;
const done = arguments[arguments.length - 1];

function loaded() {
  for (const win of Services.wm.getEnumerator("navigator:browser")) {
    if (!win.gBrowser) continue;
    for (const tab of win.gBrowser.tabs) {
      const browser = tab.linkedBrowser;
      if (browser.currentURI.spec === url && !browser.webProgress?.isLoadingDocument) return true;
    }
  }
  return false;
}

const watched = new Set();
let timer = null;
const listener = {
  onStateChange() { check(); },
  onLocationChange() { check(); },
  QueryInterface: ChromeUtils.generateQI(["nsIWebProgressListener", "nsISupportsWeakReference"]),
};
function watch(win) {
  if (win.gBrowser && !watched.has(win)) {
    watched.add(win);
    win.gBrowser.addTabsProgressListener(listener);
  }
}
const onWindow = (subject) => { watch(subject); check(); };
function finish(answer) {
  for (const win of watched) {
    try { win.gBrowser.removeTabsProgressListener(listener); } catch (_) { /* window closed */ }
  }
  watched.clear();
  Services.obs.removeObserver(onWindow, "browser-delayed-startup-finished");
  if (timer) clearTimeout(timer);
  done(answer);
}
function check() {
  if (loaded()) finish({ ok: true });
}

Services.obs.addObserver(onWindow, "browser-delayed-startup-finished");
for (const win of Services.wm.getEnumerator("navigator:browser")) watch(win);
timer = setTimeout(() => finish({ error: `no tab finished loading ${url} within ${timeoutMs} ms` }), timeoutMs);
check();
