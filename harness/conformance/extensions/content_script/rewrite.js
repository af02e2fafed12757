"use strict";
// Once per page: a URL with a token of its own, so a restore that reloads the original URL (and runs
// this script again) shows another token than the one the closed tab had.
if (!location.search) {
  history.replaceState(null, "", `${location.pathname}?token=${Math.random().toString(36).slice(2)}`);
}
