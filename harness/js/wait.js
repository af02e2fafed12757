// Re-runs the caller's async function body on an extension page until it
// returns a truthy value (dispatch.js waitUntil), with browser, chrome and args
// in scope. The body is spliced in at the marker below, as in execute.js.
// arguments: encoded args, description, browser-side timeout in ms, [the
// page's URL, once known: see onPage in fixture_extension/dispatch.js],
// WebDriver's callback.
const done = arguments[arguments.length - 1];
const body = async function (browser, chrome, args) {
/* BODY */
};
if (window.harness) {
  window.harness.wait(body, arguments[0], arguments[1], arguments[2], arguments.length > 4 ? arguments[3] : undefined).then(done);
} else {
  done({ ok: false, notReady: true });
}
