"use strict";
// Show the answers where an extension with the tabs permission can read them: a tab title.
browser.tabs.create({ url: "values.html", active: false });
