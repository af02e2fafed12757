// Runs one bridge method on the fixture extension's page (fixture_extension/dispatch.js).
// arguments: method, encoded args, browser-side timeout in ms, [the bridge
// page's URL, once known: see onPage in fixture_extension/dispatch.js], WebDriver's callback.
// Kept this short on purpose: the text travels with every call.
const done = arguments[arguments.length - 1];
if (window.harness) {
  window.harness.call(arguments[0], arguments[1], arguments[2], arguments.length > 4 ? arguments[3] : undefined).then(done);
} else {
  done({ ok: false, notReady: true });
}
