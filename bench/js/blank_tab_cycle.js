// What reset() cannot do without: open a blank tab in this page's window and
// close it again, each step resolving on the browser's own event
// (tabs.create's promise, then tabs.onRemoved). Answers the milliseconds the
// browser took, measured inside it.
// arguments: WebDriver's callback.
const done = arguments[arguments.length - 1];
(async () => {
  const start = performance.now();
  const me = await browser.tabs.getCurrent();
  const tab = await browser.tabs.create({ windowId: me.windowId, url: "about:blank", active: true });
  const removed = new Promise((resolve) => {
    const listener = (id) => {
      if (id !== tab.id) return;
      browser.tabs.onRemoved.removeListener(listener);
      resolve();
    };
    browser.tabs.onRemoved.addListener(listener);
  });
  await browser.tabs.remove(tab.id);
  await removed;
  return performance.now() - start;
})().then(done, (error) => done({ error: String(error) }));
