// Chrome context. Opens the extension's page in a new background tab of the
// most recent normal (not private) browser window, for when a test navigated
// or closed the harness page. WebDriver itself may not load moz-extension:
// URLs; the browser's own tab API with the system principal may.
// arguments: extension id, page path. Returns the URL opened.
const [extensionId, pagePath] = arguments;
const { Services } = globalThis;
const { PrivateBrowsingUtils } = ChromeUtils.importESModule("resource://gre/modules/PrivateBrowsingUtils.sys.mjs");
const policy = WebExtensionPolicy.getByID(extensionId);
if (!policy) throw new Error(`extension ${extensionId} is not installed`);
const url = `moz-extension://${policy.mozExtensionHostname}/${pagePath}`;
let target = null;
for (const win of Services.wm.getEnumerator("navigator:browser")) {
  if (win.gBrowser && !PrivateBrowsingUtils.isWindowPrivate(win)) target = win;
}
if (!target) throw new Error("no normal browser window to open the harness page in");
target.gBrowser.addTab(url, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
return url;
