// What the sessions API answers in this copy of the extension, in the title:
// "split incognito (answered): {...}". The query string names a session id to restore.
(async () => {
  const settled = (promise) => promise.then((value) => ({ value }), (error) => ({ error: error.message }));
  const answer = {
    inIncognitoContext: chrome.extension.inIncognitoContext,
    getRecentlyClosed: await settled(chrome.sessions.getRecentlyClosed()),
    restoreNewest: await settled(chrome.sessions.restore()),
    restoreById: await settled(chrome.sessions.restore(new URLSearchParams(location.search).get("id"))),
  };
  document.title = `split incognito (answered): ${JSON.stringify(answer)}`;
})();
