"use strict";
// Tells the background it opened (recorded as a "popup" event).
(globalThis.browser || globalThis.chrome).runtime.sendMessage({ popup: "opened" });
