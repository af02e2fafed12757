// Runs in a chrome://extensions tab (WebDriver script execution), where
// chrome.developerPrivate exists. Answers the runtime errors Chromium keeps for
// each extension (collected in developer mode, which the harness's Preferences
// turn on): uncaught exceptions and unhandled rejections of its service worker
// and pages, without console.error messages and without the harness's own page.
// Chromium keeps no time for an error: the caller dates each by when it first saw it.
// With waitMs > 0 and no error but the `known` ones, waits for the next one
// (developerPrivate.onItemStateChanged, ERROR_ADDED), up to waitMs.
// arguments: extension ids, the harness's folder ("sessions-harness/"), known
// error keys, waitMs, WebDriver's callback.
const done = arguments[arguments.length - 1];
const [ids, harnessFolder, known, waitMs] = arguments;
// A thrown error: "Uncaught ..." (a page, an unhandled rejection) or "Error in
// event handler: ..." (an extension event's listener threw; Chromium puts the
// stack in the message then). Anything else (console.error) is not one: null.
function describe(error) {
  const frames = (error.stackTrace || []).filter((f) => f.url);
  if (error.message.startsWith("Uncaught")) {
    const [top] = frames;
    return {
      message: error.message.replace(/^Uncaught (\(in promise\) )?/, ""),
      source: top ? top.url : error.source,
      line: top ? top.lineNumber : 0,
      column: top ? top.columnNumber : 0,
      stack: frames.map((f) => `    at ${f.functionName} (${f.url}:${f.lineNumber}:${f.columnNumber})`).join("\n"),
    };
  }
  const prefix = "Error in event handler: ";
  if (!error.message.startsWith(prefix)) return null;
  const [message, ...stack] = error.message.slice(prefix.length).split("\n");
  const at = stack.map((line) => /\(?(\S+):(\d+):(\d+)\)?$/.exec(line.trim())).find(Boolean);
  return {
    message,
    source: at ? at[1] : error.source,
    line: at ? Number(at[2]) : 0,
    column: at ? Number(at[3]) : 0,
    stack: stack.join("\n"),
  };
}

async function collect(api) {
  const errors = [];
  for (const id of ids) {
    const info = await api.getExtensionInfo(id);
    for (const error of info.runtimeErrors || []) {
      if ((error.contextUrl || "").includes("/" + harnessFolder)) continue;
      const described = describe(error);
      // Chromium counts a repeated error on its first entry: each occurrence is one error.
      if (described) errors.push({ key: `${id}:${error.id}:${error.occurrences || 1}`, id, ...described });
    }
  }
  return errors;
}

function nextError(api) {
  return new Promise((resolve) => {
    const onChanged = (event) => {
      if (event.event_type === "ERROR_ADDED" && ids.includes(event.item_id)) finish();
    };
    const timer = setTimeout(finish, waitMs);
    function finish() {
      api.onItemStateChanged.removeListener(onChanged);
      clearTimeout(timer);
      resolve();
    }
    api.onItemStateChanged.addListener(onChanged);
  });
}

(async () => {
  const api = chrome.developerPrivate;
  if (!api) throw new Error("chrome.developerPrivate is missing: not a chrome://extensions page");
  let errors = await collect(api);
  if (waitMs > 0 && errors.every((error) => known.includes(error.key))) {
    await nextError(api);
    errors = await collect(api);
  }
  return { errors };
})().then(done, (error) => done({ error: String((error && error.message) || error) }));
