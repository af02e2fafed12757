"use strict";
// Show the answer where an extension with the tabs permission can read it: a tab title.
browser.tabs.create({ url: "probe.html", active: false });
