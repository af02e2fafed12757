// Chrome context. Removes every extension's tab and window values
// (sessions.setTabValue / setWindowValue, stored by Firefox as custom session
// values named "extension:<id>:<key>") from every open tab and window, however
// they were set. reset() runs it after closing everything but its own tabs.
// Answers the number of values removed through WebDriver's callback.
const done = arguments[arguments.length - 1];
const { SessionStore } = harnessImport("resource:///modules/sessionstore/SessionStore");

const PREFIX = "extension:";
const parse = (state) => (typeof state === "string" ? JSON.parse(state) : state);
let removed = 0;
for (const win of Services.wm.getEnumerator("navigator:browser")) {
  if (!win.gBrowser) continue;
  const windowState = parse(SessionStore.getWindowState(win)).windows?.[0] || {};
  for (const key of Object.keys(windowState.extData || {})) {
    if (key.startsWith(PREFIX)) {
      SessionStore.deleteCustomWindowValue(win, key);
      removed += 1;
    }
  }
  for (const tab of win.gBrowser.tabs) {
    const tabState = parse(SessionStore.getTabState(tab));
    for (const key of Object.keys(tabState.extData || {})) {
      if (key.startsWith(PREFIX)) {
        SessionStore.deleteCustomTabValue(tab, key);
        removed += 1;
      }
    }
  }
}
done(removed);
