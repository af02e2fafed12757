// Runs one bridge method on the fixture extension's page (fixture_extension/bridge.js).
// arguments: method, encoded args, browser-side timeout in ms, [the bridge
// page's URL, once known], WebDriver's callback.
// On another page than that URL it runs nothing and answers {wrongPage: true},
// so Python need not ask which window the driver is on before every call (a
// WebDriver round trip of its own); every answer names the page it came from.
const [method, args, timeoutMs] = arguments;
const page = arguments.length > 4 ? arguments[3] : null;
const done = arguments[arguments.length - 1];
if (page !== null && location.href !== page) {
  done({ ok: false, wrongPage: true });
} else if (!window.harness) {
  done({ ok: false, notReady: true });
} else {
  window.harness.call(method, args, timeoutMs).then((answer) => done({ ...answer, page: location.href }));
}
