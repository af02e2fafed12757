// Runs one bridge method on the fixture extension's page (fixture_extension/bridge.js).
// arguments: method, encoded args, browser-side timeout in ms, WebDriver's callback.
const [method, args, timeoutMs] = arguments;
const done = arguments[arguments.length - 1];
if (!window.harness) {
  done({ ok: false, notReady: true });
} else {
  window.harness.call(method, args, timeoutMs).then(done);
}
