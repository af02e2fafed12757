// Chrome context. Opens an extension's page in a background tab (WebDriver
// refuses to navigate to moz-extension:// URLs): in the window whose tab shows
// `beside` (the fixture's bridge page), else in the last normal window. The
// caller then waits for it (wait_page.js) and finds its handle by URL.
// Tabs already showing that page are not in use (the harness opens one only
// when it has none): they are closed first, without a trace in the closed list.
// arguments: url, beside (a URL, or null), WebDriver's callback.
const [url, beside] = arguments;
const done = arguments[arguments.length - 1];
const { PrivateBrowsingUtils } = harnessImport("resource://gre/modules/PrivateBrowsingUtils");

function open() {
  let target = null;
  let fallback = null;
  for (const win of Services.wm.getEnumerator("navigator:browser")) {
    if (!win.gBrowser) continue;
    const stales = win.gBrowser.tabs.filter((tab) => tab.linkedBrowser.currentURI.spec === url);
    if (stales.length === win.gBrowser.tabs.length) stales.pop(); // never close a window this way
    for (const stale of stales) {
      win.gBrowser.removeTab(stale, { animate: false, skipPermitUnload: true, skipSessionStore: true });
    }
    if (beside && win.gBrowser.tabs.some((tab) => tab.linkedBrowser.currentURI.spec === beside)) target = win;
    if (!PrivateBrowsingUtils.isWindowPrivate(win)) fallback = win;
  }
  target = target || fallback;
  if (!target) return { error: "no normal (not private) browser window is open" };
  target.gBrowser.addTab(url, {
    triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
    inBackground: true,
  });
  return { ok: true };
}
done(open());
