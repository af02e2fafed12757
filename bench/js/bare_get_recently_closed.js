// The baseline for the call-overhead figure: sessions.getRecentlyClosed() as a
// bare WebDriver async script on the fixture extension's page, nothing else.
// arguments: WebDriver's callback.
const done = arguments[arguments.length - 1];
browser.sessions.getRecentlyClosed().then(done, (error) => done({ error: String(error) }));
