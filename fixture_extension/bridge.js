"use strict";
// The one entry point the Python harness calls (through WebDriver script
// execution; see harness/js/). `harness.call(method, args, timeoutMs)` runs
// one allowlisted method and always resolves to a plain answer:
//   {ok: true, value}                     the call resolved (value encoded)
//   {ok: false, error: {name, message, synchronous}}   it threw or rejected
//   {ok: false, timeout: true, waiting}   it did not settle in time

// Functions of browser.sessions callable with arguments passed through as given.
const SESSIONS_FUNCTIONS = [
  "getRecentlyClosed", "restore", "forgetClosedTab", "forgetClosedWindow",
  "setTabValue", "getTabValue", "removeTabValue",
  "setWindowValue", "getWindowValue", "removeWindowValue", "getDevices",
];

// Keys this extension stored through the bridge, so reset() can remove them.
const storedKeys = { tab: new Map(), window: new Map() };

function remember(kind, id, key, present) {
  const keys = storedKeys[kind].get(id) || new Set();
  if (present) keys.add(key); else keys.delete(key);
  storedKeys[kind].set(id, keys);
}

async function background() {
  const page = await browser.runtime.getBackgroundPage();
  if (!page || !page.harnessEvents) throw new Error("harness: the background page is not running yet");
  return page.harnessEvents;
}

const methods = {
  ...helpers,
  "sessions.MAX_SESSION_RESULTS": () => browser.sessions.MAX_SESSION_RESULTS,
  "sessions.getDevices": (...args) => browser.sessions.getDevices(...args),
  "events.count": async () => (await background()).calls.length,
  "events.calls": async () => (await background()).calls.map((args) => Array.from(args)),
  "events.wait": async (count) => (await background()).wait(count),
  "events.clear": async () => { (await background()).clear(); },
  async "harness.ping"() {
    await background();
    const tab = await browser.tabs.getCurrent();
    return { tabId: tab.id, windowId: tab.windowId, url: location.href };
  },
  "harness.reset": resetBrowserState,
};
for (const name of SESSIONS_FUNCTIONS) {
  methods[`sessions.${name}`] = (...args) => browser.sessions[name](...args);
}
for (const kind of ["tab", "window"]) {
  const title = kind[0].toUpperCase() + kind.slice(1);
  methods[`sessions.set${title}Value`] = async (...args) => {
    const result = await browser.sessions[`set${title}Value`](...args);
    remember(kind, args[0], args[1], true);
    return result;
  };
  methods[`sessions.remove${title}Value`] = async (...args) => {
    const result = await browser.sessions[`remove${title}Value`](...args);
    remember(kind, args[0], args[1], false);
    return result;
  };
}

// Back to the state right after launch: this page's window with this page and
// one blank tab, nothing else open, nothing in the closed list, no values.
// Each close and forget waits for its own sessions.onChanged before the next
// one (Firefox records closed windows asynchronously and may coalesce
// notifications), so no event of the cleanup arrives after it returns.
async function resetBrowserState() {
  const me = await browser.tabs.getCurrent();
  const fresh = await browser.tabs.create({ windowId: me.windowId, url: "about:blank", active: true });
  for (const window of await browser.windows.getAll({ populate: true })) {
    if (window.id !== me.windowId) {
      await helpers["windows.close"](window.id);
      continue;
    }
    for (const tab of window.tabs) {
      if (tab.id !== me.id && tab.id !== fresh.id) await helpers["tabs.close"](tab.id);
    }
  }
  let forgotten = 0;
  for (;;) {
    const closed = await browser.sessions.getRecentlyClosed();
    if (!closed.length) break;
    for (const session of closed) {
      const changed = nextSessionsChange();
      if (session.tab) await browser.sessions.forgetClosedTab(session.tab.windowId, session.tab.sessionId);
      else await browser.sessions.forgetClosedWindow(session.window.sessionId);
      await changed;
      forgotten += 1;
    }
  }
  for (const [kind, id] of [["tab", me.id], ["window", me.windowId]]) {
    for (const key of storedKeys[kind].get(id) || []) {
      await browser.sessions[`remove${kind === "tab" ? "Tab" : "Window"}Value`](id, key);
    }
    storedKeys[kind].clear();
  }
  return { tabId: fresh.id, windowId: me.windowId, harnessTabId: me.id, forgotten };
}

function describeError(error, synchronous) {
  if (error && typeof error === "object" && "message" in error) {
    return { name: String(error.name || "Error"), message: String(error.message), synchronous };
  }
  return { name: "", message: String(error), synchronous };
}

// Runs fn(...args) and settles with one of the answers above: whichever of
// the call and its timer comes first resolves one promise (Promise.race and
// .finally cost about 0.2 ms a call here, a tenth of a WebDriver round trip).
function settle(fn, args, timeoutMs) {
  let pending;
  try {
    pending = Promise.resolve(fn(...args));
  } catch (error) {
    return Promise.resolve({ ok: false, error: describeError(error, true) });
  }
  return new Promise((resolve) => {
    const onTimeout = () => {
      const describe = harnessWaits.get(pending);
      harnessWaits.delete(pending);
      resolve({ ok: false, timeout: true, waiting: describe ? describe() : "" });
    };
    const timer = setTimeout(onTimeout, timeoutMs);
    const finish = (answer) => {
      clearTimeout(timer);
      harnessWaits.delete(pending);
      resolve(answer);
    };
    pending.then(
      (value) => {
        try {
          finish({ ok: true, value: encodeValue(value) });
        } catch (error) {
          finish({ ok: false, error: describeError(error, false) });
        }
      },
      (error) => finish({ ok: false, error: describeError(error, false) }),
    );
  });
}

// `page` (optional): the URL of the page the caller means to talk to. On any
// other page nothing runs and the answer is {ok: false, wrongPage: true}; so
// the harness need not ask WebDriver which window it is on before every call.
// Without `page`, the answer names this page, for the caller to send next time.
const HERE = location.href;

function onPage(page, run) {
  if (page === undefined) return run().then((answer) => ({ ...answer, page: HERE }));
  if (page !== HERE) return Promise.resolve({ ok: false, wrongPage: true });
  return run();
}

window.harness = {
  call(method, args, timeoutMs, page) {
    return onPage(page, () => {
      if (!Object.prototype.hasOwnProperty.call(methods, method)) {
        return Promise.resolve({ ok: false, error: { name: "HarnessError", message: `harness: no such method ${method}`, synchronous: true } });
      }
      return settle(methods[method], decodeValue(args), timeoutMs);
    });
  },
  // For browser.execute(): fn is the caller's async function.
  run(fn, args, timeoutMs, page) {
    return onPage(page, () => settle(fn, [browser, window.chrome, decodeValue(args)], timeoutMs));
  },
};
