// Chrome context. Why Firefox refused (or warned about) an extension: the
// browser console's "Loading extension '<id>': ..." messages since a time
// (WebDriver's own error only says "Extension is invalid").
// arguments: extension id, since (ms since the epoch), WebDriver's callback, which gets [text].
const [extensionId, since] = arguments;
const done = arguments[arguments.length - 1];

const marker = `Loading extension '${extensionId}': `;
const found = [];
for (const message of Services.console.getMessageArray() || []) {
  if (message.timeStamp < since) continue;
  const text = message instanceof Ci.nsIScriptError ? message.errorMessage : message.message;
  const start = (text || "").indexOf(marker);
  if (start < 0) continue;
  // The logger wraps the message as: ...\tERROR\t<marker><problem>" {file: ...}
  const problem = text.slice(start + marker.length).split("\n")[0].replace(/" \{file: .*$/, "");
  if (!found.includes(problem)) found.push(problem);
}
done(found);
