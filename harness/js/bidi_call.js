// The function WebDriver BiDi's script.callFunction runs on a harness page: it
// runs a script written for "execute async script" (the other files here: its
// arguments in `arguments`, the last one the callback) and resolves with what
// the script called back with, as JSON text (one string to decode in Python
// instead of BiDi's typed serialization). The script is spliced in below.
// arguments: the script's arguments as JSON text.
function (json) {
  const params = JSON.parse(json);
  return new Promise((resolve) => {
    (function () {
/* SCRIPT */
    }).apply(this, [...params, resolve]);
  }).then((answer) => JSON.stringify(answer === undefined ? null : answer));
}
