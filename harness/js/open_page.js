// Chrome context. Opens an extension's page in a background tab of the window
// that holds the harness's own page (WebDriver refuses to navigate to
// moz-extension:// URLs). find_page.js then waits for it to load.
// arguments: extension id, page path, WebDriver handle of the harness page, WebDriver's callback.
const [extensionId, pagePath, harnessHandle] = arguments;
const done = arguments[arguments.length - 1];
const { Services } = globalThis;
const { NavigableManager } = ChromeUtils.importESModule("chrome://remote/content/shared/NavigableManager.sys.mjs");

function open() {
  const policy = WebExtensionPolicy.getByID(extensionId);
  if (!policy) return { error: `extension ${extensionId} is not installed` };
  let target = null;
  for (const win of Services.wm.getEnumerator("navigator:browser")) {
    if (!win.gBrowser) continue;
    if (win.gBrowser.tabs.some((tab) => NavigableManager.getIdForBrowser(tab.linkedBrowser) === harnessHandle)) {
      target = win;
    }
  }
  target = target || Services.wm.getMostRecentWindow("navigator:browser");
  if (!target) return { error: "no browser window is open" };
  target.gBrowser.addTab(`moz-extension://${policy.mozExtensionHostname}/${pagePath}`, {
    triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
    inBackground: true,
  });
  return { ok: true };
}
done(open());
