// Chrome context. Runs in a fresh session before the extensions are installed:
// 1. waits until session restore has put back the previous windows (restart()),
// 2. closes, without a trace in the closed list, restored tabs of our extensions'
//    pages: their extensions are not installed yet, so they are dead copies,
// 3. allows extensions in private windows before they start (no reload needed).
// arguments: URL prefixes of our extensions' pages, the ids to allow in private
// windows, WebDriver's callback, which gets {closed} or {error}.
const [prefixes, privateIds] = arguments;
const done = arguments[arguments.length - 1];
(async () => {
  const { SessionStore } = harnessImport("resource:///modules/sessionstore/SessionStore");
  if (SessionStore.promiseAllWindowsRestored) await SessionStore.promiseAllWindowsRestored;
  let closed = 0;
  for (const win of Services.wm.getEnumerator("navigator:browser")) {
    if (!win.gBrowser) continue;
    const dead = win.gBrowser.tabs.filter((tab) =>
      prefixes.some((prefix) => tab.linkedBrowser.currentURI.spec.startsWith(prefix)));
    if (dead.length && dead.length === win.gBrowser.tabs.length) {
      // Never close a window this way: leave it a blank tab.
      win.gBrowser.addTab("about:blank", {
        triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
        inBackground: true,
      });
    }
    for (const tab of dead) {
      win.gBrowser.removeTab(tab, { animate: false, skipPermitUnload: true, skipSessionStore: true });
      closed += 1;
    }
  }
  const { ExtensionPermissions } = harnessImport("resource://gre/modules/ExtensionPermissions");
  for (const id of privateIds) {
    await ExtensionPermissions.add(id, { permissions: ["internal:privateBrowsingAllowed"], origins: [] });
  }
  return { closed };
})().then(done, (error) => done({ error: String(error) }));
