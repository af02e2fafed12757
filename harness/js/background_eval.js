// Runs the caller's async function body in an extension's background, in its
// global scope: evaluated there as one expression by the browser's debugger
// (Firefox's devtools server, Chromium's CDP Runtime.evaluate), so the
// extension's CSP does not apply and top-level const/let/class are in reach.
// The wrapper defines no global. The encoding functions (fixture_extension/encoding.js)
// are spliced in at ENCODING, the body at BODY, the arguments (a JSON literal,
// already in wire form) at ARGS, the browser-side timeout in ms at TIMEOUT.
// It resolves to a JSON string: {ok, value} or {ok: false, error: {name, message}} or {timeout}.
(async () => {
/* ENCODING */
  const args = decodeValue(/* ARGS */);
  const body = async function (args) {
/* BODY */
  };
  let timer;
  const expired = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ timeout: true }), /* TIMEOUT */);
  });
  const settled = body.call(globalThis, args).then(
    (value) => ({ ok: true, value: encodeValue(value) }),
    (error) => ({
      ok: false,
      error: {
        name: error && error.name ? String(error.name) : "Error",
        message: error && "message" in Object(error) ? String(error.message) : String(error),
      },
    }),
  );
  const answer = await Promise.race([settled, expired]);
  clearTimeout(timer);
  return JSON.stringify(answer);
})()
