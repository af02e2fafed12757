// Runs the caller's async function body on an extension page, with browser,
// chrome and args in scope. The body is spliced in at the marker below; its
// arguments travel as script arguments, never as text.
// arguments: encoded args, browser-side timeout in ms, WebDriver's callback.
const [encodedArgs, timeoutMs] = arguments;
const done = arguments[arguments.length - 1];
const body = async function (browser, chrome, args) {
/* BODY */
};
if (!window.harness) {
  done({ ok: false, notReady: true });
} else {
  window.harness.run(body, encodedArgs, timeoutMs).then(done);
}
