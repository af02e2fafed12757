"use strict";
// Chromium runs the background as a service worker (background.service_worker);
// Firefox loads the same two files as background scripts and ignores this one.
importScripts("groups.js", "background.js");
