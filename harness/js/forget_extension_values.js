// Chrome context. Removes every tab and window value the given extensions
// stored on the harness page's tab and window, the two that reset() keeps.
// The sessions API stores them in SessionStore under "extension:<id>:<key>".
// arguments: extension ids, WebDriver handle of the harness page, WebDriver's callback.
const [extensionIds, harnessHandle] = arguments;
const done = arguments[arguments.length - 1];
const { Services } = globalThis;
const { NavigableManager } = ChromeUtils.importESModule("chrome://remote/content/shared/NavigableManager.sys.mjs");
const { SessionStore } = ChromeUtils.importESModule("resource:///modules/sessionstore/SessionStore.sys.mjs");

function parsed(state) {
  return typeof state === "string" ? JSON.parse(state) : state;
}

function theirs(extData) {
  const prefixes = extensionIds.map((id) => `extension:${id}:`);
  return Object.keys(extData || {}).filter((key) => prefixes.some((prefix) => key.startsWith(prefix)));
}

function forget() {
  for (const win of Services.wm.getEnumerator("navigator:browser")) {
    if (!win.gBrowser) continue;
    const tab = win.gBrowser.tabs.find((t) => NavigableManager.getIdForBrowser(t.linkedBrowser) === harnessHandle);
    if (!tab) continue;
    const removed = [];
    for (const key of theirs(parsed(SessionStore.getTabState(tab)).extData)) {
      SessionStore.deleteCustomTabValue(tab, key);
      removed.push(key);
    }
    for (const key of theirs(parsed(SessionStore.getWindowState(win)).windows[0].extData)) {
      SessionStore.deleteCustomWindowValue(win, key);
      removed.push(key);
    }
    return { removed };
  }
  return { error: "the harness page's tab was not found" };
}
done(forget());
