"use strict";
document.title = `${browser.runtime.getManifest().name}: typeof browser.sessions is ${typeof browser.sessions}`;
