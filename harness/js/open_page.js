// Chrome context. Opens an extension's page in a background tab of the window
// that holds the harness's own page (WebDriver refuses to navigate to
// moz-extension:// URLs). find_page.js then waits for it to load.
// Tabs already showing that page are not in use (the harness opens one when it
// has none): after a restart, session restore brings back a dead copy. They
// are closed first, without a trace in the closed list.
// Also reopens the fixture's own page after a test closed or navigated it.
// arguments: extension id, page path, WebDriver handle of the harness page
// (possibly gone), WebDriver's callback.
const [extensionId, pagePath, harnessHandle] = arguments;
const done = arguments[arguments.length - 1];
const { Services } = globalThis;
const { NavigableManager } = ChromeUtils.importESModule("chrome://remote/content/shared/NavigableManager.sys.mjs");
const { PrivateBrowsingUtils } = ChromeUtils.importESModule("resource://gre/modules/PrivateBrowsingUtils.sys.mjs");

function open() {
  const policy = WebExtensionPolicy.getByID(extensionId);
  if (!policy) return { error: `extension ${extensionId} is not installed` };
  const url = `moz-extension://${policy.mozExtensionHostname}/${pagePath}`;
  let target = null;
  for (const win of Services.wm.getEnumerator("navigator:browser")) {
    if (!win.gBrowser) continue;
    const stales = win.gBrowser.tabs.filter((tab) => tab.linkedBrowser.currentURI.spec === url);
    if (stales.length === win.gBrowser.tabs.length) stales.pop(); // never close a window this way
    for (const stale of stales) {
      win.gBrowser.removeTab(stale, { animate: false, skipPermitUnload: true, skipSessionStore: true });
    }
    if (win.gBrowser.tabs.some((tab) => NavigableManager.getIdForBrowser(tab.linkedBrowser) === harnessHandle)) {
      target = win;
    }
  }
  // Without the harness page (a test closed or navigated it): a normal window.
  if (!target) {
    for (const win of Services.wm.getEnumerator("navigator:browser")) {
      if (win.gBrowser && !PrivateBrowsingUtils.isWindowPrivate(win)) target = win;
    }
  }
  if (!target) return { error: "no normal (not private) browser window is open" };
  target.gBrowser.addTab(url, {
    triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
    inBackground: true,
  });
  return { ok: true };
}
done(open());
