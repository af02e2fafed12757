// Chrome context. The errors the browser console holds that were thrown in the
// given extensions' own files (background, pages) since a time. Errors from
// extension processes reach the parent's console service too.
// arguments: extension ids, since (ms since the epoch), a path prefix to leave
// out (the harness's page), WebDriver's callback, which gets
// [{id, message, source, line, column, time, stack}], oldest first.
const [extensionIds, since, skipPath] = arguments;
const done = arguments[arguments.length - 1];

const origins = [];
for (const id of extensionIds) {
  const policy = WebExtensionPolicy.getByID(id);
  if (policy) origins.push({ id, prefix: `moz-extension://${policy.mozExtensionHostname}/` });
}
const NOT_ERRORS = Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag;
const found = [];
for (const message of Services.console.getMessageArray() || []) {
  if (!(message instanceof Ci.nsIScriptError) || message.flags & NOT_ERRORS || message.timeStamp < since) continue;
  const source = message.sourceName || "";
  const origin = origins.find((o) => source.startsWith(o.prefix) && !source.startsWith(o.prefix + skipPath));
  if (!origin) continue;
  found.push({
    id: origin.id,
    message: message.errorMessage,
    source,
    line: message.lineNumber,
    column: message.columnNumber,
    time: message.timeStamp,
    stack: message.stack ? String(message.stack) : "",
  });
}
done(found);
