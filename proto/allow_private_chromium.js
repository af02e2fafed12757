// Runs in a chrome://extensions tab (WebDriver script execution), where
// chrome.developerPrivate exists. Allows one extension in incognito windows.
// Developer mode first: granting incognito access reloads the extension, and
// an unpacked extension reloaded outside developer mode comes back disabled
// ("unsupported developer extension"). Resolves once the extension reports
// itself loaded again with incognito access on, from developerPrivate's own
// onItemStateChanged event.
// arguments: extension id, [developer mode: default true], WebDriver's callback.
const done = arguments[arguments.length - 1];
const extensionId = arguments[0];
const developerMode = arguments.length > 2 ? arguments[1] : true;
const api = chrome.developerPrivate;

function info() {
  return api.getExtensionInfo(extensionId).then((item) => ({
    state: item.state,
    incognito: item.incognitoAccess,
    disableReasons: item.disableReasons,
  }));
}

(async () => {
  if (!api) throw new Error("chrome.developerPrivate is missing: not a chrome://extensions page");
  const before = await info();
  const events = [];
  // LOADED: back, enabled. Any event naming a disable reason: it stays disabled.
  const reloaded = new Promise((resolve) => {
    api.onItemStateChanged.addListener(function listener(event) {
      if (event.item_id !== extensionId) return;
      const item = event.extensionInfo;
      const reasons = item ? Object.keys(item.disableReasons).filter((k) => item.disableReasons[k] && k !== "reloading") : [];
      events.push([event.event_type, item && item.state, ...reasons]);
      if (event.event_type === "LOADED" || reasons.length) {
        api.onItemStateChanged.removeListener(listener);
        resolve(reasons);
      }
    });
  });
  await api.updateProfileConfiguration({ inDeveloperMode: developerMode });
  await api.updateExtensionConfiguration({ extensionId, incognitoAccess: true });
  const reasons = await reloaded;
  const after = await info();
  if (reasons.length) return { error: `it was disabled when it reloaded (${reasons.join(", ")})`, before, after, events };
  return { before, after, events };
})().then(done, (error) => done({ error: String((error && error.message) || error) }));
