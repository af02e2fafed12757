"use strict";
// Opens the page whose button requests the permission (permissions.request needs a user action).
browser.tabs.create({ url: "request.html", active: false });
