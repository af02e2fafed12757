// Chrome context. Prepended to every privileged script (harness/browsers/firefox.py).
// Only long-standing interfaces are used: Services, SessionStore, AddonManager,
// ExtensionPermissions, WebExtensionPolicy, gBrowser; never the Remote Agent's
// internal modules, which differ between Firefox versions.
// harnessImport("resource://gre/modules/AddonManager") loads a module as an ES
// module (.sys.mjs) or, on a build that still ships it in the old format, as a JSM.
function harnessImport(path) {
  if (typeof ChromeUtils.importESModule === "function") {
    try {
      return ChromeUtils.importESModule(`${path}.sys.mjs`);
    } catch (error) {
      if (typeof ChromeUtils.import !== "function") throw error;
    }
  }
  return ChromeUtils.import(`${path}.jsm`);
}
