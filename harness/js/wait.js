// Re-runs the caller's async function body on an extension page until it
// returns a truthy value (dispatch.js waitUntil), with browser, chrome and args
// in scope. The body is spliced in at the marker below, as in execute.js.
// arguments: encoded args, description, browser-side timeout in ms, WebDriver's callback.
const [encodedArgs, description, timeoutMs] = arguments;
const done = arguments[arguments.length - 1];
const body = async function (browser, chrome, args) {
/* BODY */
};
if (!window.harness) {
  done({ ok: false, notReady: true });
} else {
  window.harness.wait(body, encodedArgs, description, timeoutMs).then(done);
}
