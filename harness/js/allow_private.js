// Chrome context. Allows (or disallows) an extension in private windows, then
// reloads it so the permission takes effect; the extension reopens its page.
// arguments: extension id, allow (bool), WebDriver's callback.
const [extensionId, allow] = arguments;
const done = arguments[arguments.length - 1];
(async () => {
  const { ExtensionPermissions } = ChromeUtils.importESModule("resource://gre/modules/ExtensionPermissions.sys.mjs");
  const { AddonManager } = ChromeUtils.importESModule("resource://gre/modules/AddonManager.sys.mjs");
  const perms = { permissions: ["internal:privateBrowsingAllowed"], origins: [] };
  if (allow) await ExtensionPermissions.add(extensionId, perms);
  else await ExtensionPermissions.remove(extensionId, perms);
  const addon = await AddonManager.getAddonByID(extensionId);
  if (!addon) throw new Error(`extension ${extensionId} is not installed`);
  await addon.reload();
})().then(() => done({ ok: true }), (error) => done({ error: String(error) }));
