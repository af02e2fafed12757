// Chrome context. The errors the browser console holds from the given
// extensions since a time: thrown in their own files (background, pages), and
// those logged without a source file (a listener's rejected promise, reported
// by the parent) whose message or stack names the extension's id or origin.
// Errors from extension processes reach the parent's console service too.
// With waitMs > 0 and none found after `after`, waits (a console listener, no
// polling) for the next one, up to waitMs, then answers what it has.
// arguments: extension ids, since (ms since the epoch), a path prefix to leave
// out (the harness's page), after (ms; only errors after it end the wait),
// waitMs, WebDriver's callback, which gets
// [{id, message, source, line, column, time, stack}], oldest first.
const [extensionIds, since, skipPath, after, waitMs] = arguments;
const done = arguments[arguments.length - 1];

const origins = [];
for (const id of extensionIds) {
  const policy = WebExtensionPolicy.getByID(id);
  if (policy) origins.push({ id, prefix: `moz-extension://${policy.mozExtensionHostname}/` });
}
const NOT_ERRORS = Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag;

function described(message) {
  if (!(message instanceof Ci.nsIScriptError) || message.flags & NOT_ERRORS || message.timeStamp < since) return null;
  const source = message.sourceName || "";
  const stack = message.stack ? String(message.stack) : "";
  const sourceless = source === "" || source === "undefined";
  const origin = origins.find((o) =>
    sourceless
      ? [message.errorMessage, stack].some((text) => text.includes(o.prefix) || text.includes(o.id))
      : source.startsWith(o.prefix) && !source.startsWith(o.prefix + skipPath));
  if (!origin) return null;
  return {
    id: origin.id,
    message: message.errorMessage,
    source: sourceless ? "" : source,
    line: message.lineNumber,
    column: message.columnNumber,
    time: message.timeStamp,
    stack,
  };
}

function collect() {
  return (Services.console.getMessageArray() || []).map(described).filter(Boolean);
}

const found = collect();
if (waitMs <= 0 || found.some((error) => error.time > after)) {
  done(found);
} else {
  let timer = null;
  let finished = false;
  const listener = {
    observe(message) {
      const error = described(message);
      if (error && error.time > after) finish();
    },
    QueryInterface: ChromeUtils.generateQI(["nsIConsoleListener"]),
  };
  function finish() {
    if (finished) return;
    finished = true;
    Services.console.unregisterListener(listener);
    clearTimeout(timer);
    done(collect());
  }
  Services.console.registerListener(listener);
  timer = setTimeout(finish, waitMs);
}
