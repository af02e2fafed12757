// Chrome context. Resolves with the WebDriver handle of a loaded tab showing
// the extension's page, waiting on tab progress events (not polling).
// Tabs whose handle is in `excluded` (pages that were there before the
// extension was (re)installed) are passed over.
// arguments: extension id, page path, excluded handles, timeout in ms, WebDriver's callback.
const [extensionId, pagePath, excluded, timeoutMs] = arguments;
const done = arguments[arguments.length - 1];
const { Services } = globalThis;
// WebDriver's window handles are the remote agent's ids for tab browsers.
const { NavigableManager } = ChromeUtils.importESModule("chrome://remote/content/shared/NavigableManager.sys.mjs");

function pagePrefix() {
  const policy = WebExtensionPolicy.getByID(extensionId);
  return policy ? `moz-extension://${policy.mozExtensionHostname}/${pagePath}` : null;
}

function loadedHandle() {
  const prefix = pagePrefix();
  if (!prefix) return null;
  for (const win of Services.wm.getEnumerator("navigator:browser")) {
    if (!win.gBrowser) continue;
    for (const tab of win.gBrowser.tabs) {
      const browser = tab.linkedBrowser;
      const handle = NavigableManager.getIdForBrowser(browser);
      if (excluded.includes(handle)) continue;
      if (browser.currentURI.spec.startsWith(prefix) && !browser.webProgress?.isLoadingDocument) return handle;
    }
  }
  return null;
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
  const handle = loadedHandle();
  if (handle) finish({ handle });
}
function onTimeout() {
  finish({ error: `no loaded page ${pagePrefix() || `of extension ${extensionId} (not installed)`}` });
}

Services.obs.addObserver(onWindow, "browser-delayed-startup-finished");
for (const win of Services.wm.getEnumerator("navigator:browser")) watch(win);
timer = setTimeout(onTimeout, timeoutMs);
check();
