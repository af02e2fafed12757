"""Firefox prefs for deterministic, quiet runs. One table, a reason for each;
each extension's fixed origin and the user's prefs (`launch(prefs=...)`) are
merged on top (harness/browsers/firefox.py)."""

from __future__ import annotations

from typing import Any

PREFS: dict[str, Any] = {
    # No first-run, what's-new or default-browser pages that would open tabs.
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "startup.homepage_welcome_url": "about:blank",
    "startup.homepage_welcome_url.additional": "",
    "browser.aboutwelcome.enabled": False,
    "trailhead.firstrun.didSeeAboutWelcome": True,
    "datareporting.policy.dataSubmissionPolicyBypassNotification": True,
    "browser.tabs.warnOnClose": False,
    "browser.tabs.warnOnCloseOtherTabs": False,
    "browser.warnOnQuit": False,
    # New tabs and windows show about:blank: nothing loads that we did not ask for.
    "browser.newtabpage.enabled": False,
    "browser.startup.homepage": "about:blank",
    # Restore the previous session on start, so restart() behaves as for a user.
    "browser.startup.page": 3,
    # Sessionstore, explicitly: the limits the catalogue speaks of, every
    # restored tab loads at once (not on demand), and no crash-restore page.
    "browser.sessionstore.max_tabs_undo": 25,
    "browser.sessionstore.max_windows_undo": 3,
    "browser.sessionstore.restore_on_demand": False,
    "browser.sessionstore.restore_tabs_lazily": False,
    "browser.sessionstore.resume_from_crash": True,
    "browser.sessionstore.max_resumed_crashes": -1,
    "browser.sessionstore.interval": 1000,
    # No updates, telemetry, or background network.
    "app.update.auto": False,
    "app.update.enabled": False,
    "app.update.checkInstallTime": False,
    "app.normandy.enabled": False,
    "app.shield.optoutstudies.enabled": False,
    "messaging-system.rsexperimentloader.enabled": False,
    "browser.region.network.url": "",
    "browser.topsites.contile.enabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.server": "",
    "browser.ping-centre.telemetry": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.provider.mozilla.updateURL": "",
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "extensions.blocklist.enabled": False,
    # Remote settings: release builds ignore a server override, but poll only when
    # told to: by the push service at start (off below) or by Nimbus rollouts (off).
    # Builds that honour the override skip remote activity with this dummy server
    # (the value Marionette recommends).
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    "dom.push.connection.enabled": False,
    "nimbus.rollouts.enabled": False,
    # The profile backup service: it fails looking for a documents folder on a
    # headless machine, and a test profile needs no backups.
    "browser.backup.enabled": False,
    "browser.backup.scheduled.enabled": False,
    "browser.backup.archive.enabled": False,
    "browser.search.update": False,
    "browser.newtabpage.activity-stream.feeds.section.topstories": False,
    "browser.newtabpage.activity-stream.feeds.snippets": False,
    "browser.discovery.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.http.speculative-parallel-limit": 0,
    # Extensions: unsigned ones may install (the fixture and user extensions),
    # and none is disabled for being in an unexpected place.
    "xpinstall.signatures.required": False,
    "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 5,
    # Extension pages run out of process, as for real users; errors in them
    # reach the browser console, which the harness can read.
    "extensions.webextensions.remote": True,
    "devtools.console.stdout.content": True,
    # Loopback pages load without proxies.
    "network.proxy.type": 0,
    "network.proxy.allow_hijacking_localhost": False,
}


USER_JS_MARKER = "// --- sessions harness prefs (rewritten at every launch) ---"
