// Chrome context. Allows or disallows an extension in private windows, as the
// toggle in about:addons does: the permission, then a reload of the add-on
// (the permission applies from its next start). Its pages close and open again.
// arguments: the extension's id, true to allow / false to disallow, WebDriver's
// callback, which gets {reloaded} or {error}.
const [extensionId, allowed] = arguments;
const done = arguments[arguments.length - 1];
(async () => {
  const { ExtensionPermissions } = harnessImport("resource://gre/modules/ExtensionPermissions");
  const { AddonManager } = harnessImport("resource://gre/modules/AddonManager");
  const addon = await AddonManager.getAddonByID(extensionId);
  if (!addon) return { error: `no add-on ${extensionId} is installed` };
  const permission = { permissions: ["internal:privateBrowsingAllowed"], origins: [] };
  if (allowed) await ExtensionPermissions.add(extensionId, permission);
  else await ExtensionPermissions.remove(extensionId, permission);
  await addon.reload();
  return { reloaded: true };
})().then(done, (error) => done({ error: String(error) }));
