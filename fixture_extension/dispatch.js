"use strict";
// The part of the bridge shared by every extension page the harness talks to:
// the fixture extension's page (bridge.js) and the page the harness adds to a
// copy of a user's extension (harness/js/context_page/context.js).
// `exposeBridge(methods)` installs `window.harness`, the one entry point the
// Python harness calls (through WebDriver script execution; see harness/js/):
//   harness.call(method, args, timeoutMs)  runs one allowlisted method
//   harness.run(fn, args, timeoutMs)       runs the caller's function (browser.execute)
//   harness.wait(fn, args, description, timeoutMs)   re-runs it until it returns a truthy value
// and always resolves to a plain answer:
//   {ok: true, value}                     the call resolved (value encoded)
//   {ok: false, error: {name, message, synchronous}}   it threw or rejected
//   {ok: false, timeout: true, waiting}   it did not settle in time

// Functions of browser.sessions callable with arguments passed through as given.
const SESSIONS_FUNCTIONS = [
  "getRecentlyClosed", "restore", "forgetClosedTab", "forgetClosedWindow",
  "setTabValue", "getTabValue", "removeTabValue",
  "setWindowValue", "getWindowValue", "removeWindowValue", "getDevices",
];

// Descriptions of the waits in progress (promise -> () => text), for timeout messages.
const harnessWaits = new Map();

// "sessions.<name>" for every member, running in this page's extension.
function sessionsMethods() {
  const methods = { "sessions.MAX_SESSION_RESULTS": () => browser.sessions.MAX_SESSION_RESULTS };
  for (const name of SESSIONS_FUNCTIONS) {
    methods[`sessions.${name}`] = (...args) => browser.sessions[name](...args);
  }
  return methods;
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

// Browser events after which a condition may have changed.
function changeEvents() {
  const events = [
    browser.tabs && browser.tabs.onCreated, browser.tabs && browser.tabs.onUpdated,
    browser.tabs && browser.tabs.onRemoved, browser.tabs && browser.tabs.onMoved,
    browser.tabs && browser.tabs.onAttached, browser.tabs && browser.tabs.onActivated,
    browser.windows && browser.windows.onCreated, browser.windows && browser.windows.onRemoved,
    browser.sessions && browser.sessions.onChanged, browser.storage && browser.storage.onChanged,
    browser.runtime.onMessage,
  ];
  return events.filter(Boolean);
}

// How often a wait re-checks its condition between events: a tab or window
// value written by another script fires no event at all, so events alone
// cannot tell when such a condition starts to hold.
const RECHECK_MS = 50;

// Resolves with fn's first truthy result, re-evaluating fn after every browser
// event that may change it (changeEvents) and every RECHECK_MS. A condition
// that throws rejects the wait. `settle` owns the timeout; `stop` after
// `timeoutMs` only removes the listeners of a wait that was already answered.
function waitUntil(fn, args, description, timeoutMs) {
  let last;
  let checks = 0;
  let stop = () => {};
  const done = new Promise((resolve, reject) => {
    let running = false;
    let again = false;
    const check = async () => {
      if (running) { again = true; return; }
      running = true;
      try {
        do {
          again = false;
          checks += 1;
          last = await fn(browser, window.chrome, args);
          if (last) { stop(); resolve(last); return; }
        } while (again);
      } catch (error) {
        stop();
        reject(error);
      } finally {
        running = false;
      }
    };
    const onEvent = () => { check(); }; // returns nothing: never answers a runtime message
    const events = changeEvents();
    for (const event of events) event.addListener(onEvent);
    const recheck = setInterval(onEvent, RECHECK_MS); // allowed-sleep: setTabValue fires no event to wait on
    const cleanup = setTimeout(() => stop(), timeoutMs + 1000);
    stop = () => {
      for (const event of events) event.removeListener(onEvent);
      clearInterval(recheck);
      clearTimeout(cleanup);
    };
    onEvent();
  });
  harnessWaits.set(done, () => `waiting for ${description} (checked ${checks} times, last result: ${shownValue(last)})`);
  return done;
}

// A value as a timeout message shows it: JSON, and undefined, NaN and the
// infinities as JavaScript writes them.
function shownValue(value) {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return JSON.stringify(encodeValue(value));
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

function exposeBridge(methods) {
  window.harness = {
    call(method, args, timeoutMs, page) {
      return onPage(page, () => {
        if (!Object.prototype.hasOwnProperty.call(methods, method)) {
          return Promise.resolve({ ok: false, error: { name: "HarnessError", message: `harness: no such method ${method}`, synchronous: true } });
        }
        return settle(methods[method], decodeValue(args), timeoutMs);
      });
    },
    // For execute(): fn is the caller's async function.
    run(fn, args, timeoutMs, page) {
      return onPage(page, () => settle(fn, [browser, window.chrome, decodeValue(args)], timeoutMs));
    },
    // For wait_for(): fn is the caller's async condition.
    wait(fn, args, description, timeoutMs, page) {
      return onPage(page, () => settle(waitUntil, [fn, decodeValue(args), description, timeoutMs], timeoutMs));
    },
  };
}
