// Runs the caller's async function body on an extension page, with browser,
// chrome and args in scope. The body is spliced in at the marker below; its
// arguments travel as script arguments, never as text.
// arguments: encoded args, browser-side timeout in ms, [the bridge page's URL,
// once known], WebDriver's callback. The URL works as in call.js.
const [encodedArgs, timeoutMs] = arguments;
const page = arguments.length > 3 ? arguments[2] : null;
const done = arguments[arguments.length - 1];
const body = async function (browser, chrome, args) {
/* BODY */
};
if (page !== null && location.href !== page) {
  done({ ok: false, wrongPage: true });
} else if (!window.harness) {
  done({ ok: false, notReady: true });
} else {
  window.harness.run(body, encodedArgs, timeoutMs).then((answer) => done({ ...answer, page: location.href }));
}
