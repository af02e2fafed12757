// Runs the caller's async function body on an extension page, with browser,
// chrome and args in scope. The body is spliced in at the marker below; its
// arguments travel as script arguments, never as text.
// arguments: encoded args, browser-side timeout in ms, [the bridge page's URL,
// once known: see onPage in fixture_extension/dispatch.js], WebDriver's callback.
const done = arguments[arguments.length - 1];
const body = async function (browser, chrome, args) {
/* BODY */
};
if (window.harness) {
  window.harness.run(body, arguments[0], arguments[1], arguments.length > 3 ? arguments[2] : undefined).then(done);
} else {
  done({ ok: false, notReady: true });
}
