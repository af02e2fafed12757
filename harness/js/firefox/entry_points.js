// Chrome context. An extension's user entry points, pressed as a user presses them.
// Interfaces (all in Firefox since before 100, unchanged in 140 and 153):
// - the toolbar button: browserActionFor(extension).triggerAction(window) from
//   the parent's extension API global (ExtensionParent.apiManager.global), what
//   the keyboard shortcut of _execute_action runs: onClicked or the popup;
// - commands: what the <key> element ExtensionShortcuts adds for a shortcut runs
//   on its "command" event: triggerAction for _execute_action/_execute_browser_action,
//   else extension.shortcuts.onCommand(name) (ext-commands' ExtensionShortcuts);
// - menus: the browser's own context menus (tabContextMenu, contentAreaContextMenu),
//   opened with a synthesized right click (windowUtils.sendMouseEvent, what
//   EventUtils does), built by ext-menus' gMenuBuilder, read from the items it
//   inserted (ids <widget id>-menuitem-_<item id>) and clicked with doCommand();
//   the toolbar button's menu ("action", "browser_action") is built by the button's
//   own updateContextMenu(menu) (what its context menu's popupshowing calls) into a
//   popup of the harness's, removed again when it closes.
// arguments: extension id, action ("action" | "command" | "open-menu" | "read-menu" |
// "click-menu" | "close-menu"), tab id or null, a name (command, menu context or
// menu context), a menu item id, WebDriver's callback, which gets {value} or {error}.
const [extensionId, action, tabId, name, itemId] = arguments;
const done = arguments[arguments.length - 1];
const { ExtensionParent } = harnessImport("resource://gre/modules/ExtensionParent");
const { ExtensionCommon } = harnessImport("resource://gre/modules/ExtensionCommon");
const global = ExtensionParent.apiManager.global;
const widgetId = ExtensionCommon.makeWidgetId(extensionId);
const MENUS = { tab: "tabContextMenu", page: "contentAreaContextMenu" };
const ACTION_MENU = "harness-action-context-menu";

function nativeTab() {
  const tab = tabId === null ? global.tabTracker.activeTab : global.tabTracker.getTab(tabId);
  return tab;
}

function popupEvent(element, type) {
  return new Promise((resolve) => element.addEventListener(type, resolve, { once: true }));
}

// A right click at the middle of `element`, as the user's mouse sends it.
// Window.synthesizeMouseEvent where the build has it (153), else
// nsIDOMWindowUtils.sendMouseEvent (140): what EventUtils calls in each.
function rightClick(window, element) {
  const rect = element.getBoundingClientRect();
  const [x, y] = [rect.left + rect.width / 2, rect.top + rect.height / 2];
  if (typeof window.synthesizeMouseEvent === "function") {
    window.synthesizeMouseEvent("contextmenu", x, y, { button: 2, clickCount: 1 }, {});
  } else {
    window.windowUtils.sendMouseEvent("contextmenu", x, y, 2, 1, 0);
  }
}

function ownItems(menu) {
  const prefix = `${widgetId}-menuitem-_`;
  return [...menu.querySelectorAll("menuitem, menu")]
    .filter((item) => item.id.startsWith(prefix))
    .filter((item) => item.localName === "menuitem")
    .map((item) => ({ id: item.id.slice(prefix.length), title: item.getAttribute("label"), element: item }));
}

async function openActionMenu(extension, window) {
  const wanted = extension.manifestVersion < 3 ? "browser_action" : "action";
  if (name !== wanted) {
    return { error: `its toolbar button's menu context is "${wanted}" (Manifest V${extension.manifestVersion})` };
  }
  if (!extension.manifest.action && !extension.manifest.browser_action) {
    return { error: 'it has no toolbar button (no "action" or "browser_action" in its manifest)' };
  }
  const document = window.document;
  document.getElementById(ACTION_MENU)?.remove();
  const menu = document.createXULElement("menupopup");
  menu.id = ACTION_MENU;
  const button = global.browserActionFor(extension);
  menu.addEventListener("popupshowing", () => button.updateContextMenu(menu), { once: true });
  document.getElementById("mainPopupSet").appendChild(menu);
  const shown = popupEvent(menu, "popupshown");
  menu.openPopup(document.getElementById("nav-bar"), "after_end");
  await shown;
  return { value: null };
}

async function run() {
  const extension = WebExtensionPolicy.getByID(extensionId)?.extension;
  if (!extension) return { error: `no extension ${extensionId} is running` };
  const tab = nativeTab();
  if (!tab) return { error: `no tab ${tabId}` };
  const window = tab.ownerDocument.defaultView;
  if (action === "action") {
    if (!extension.manifest.action && !extension.manifest.browser_action) {
      return { error: 'it has no toolbar button (no "action" or "browser_action" in its manifest)' };
    }
    if (window.gBrowser.selectedTab !== tab) window.gBrowser.selectedTab = tab;
    global.browserActionFor(extension).triggerAction(window);
    return { value: null };
  }
  if (action === "command") {
    const shortcuts = extension.shortcuts;
    const names = shortcuts ? (await shortcuts.allCommands()).map((command) => command.name) : [];
    const executeAction = extension.manifestVersion < 3 ? "_execute_browser_action" : "_execute_action";
    const hasAction = Boolean(extension.manifest.action || extension.manifest.browser_action);
    if (!names.includes(name) && !(name === executeAction && hasAction)) {
      return { error: `it has no command ${JSON.stringify(name)} (its commands: ${names.join(", ") || "none"})` };
    }
    if (name === executeAction) global.browserActionFor(extension).triggerAction(window);
    else if (name.startsWith("_execute_")) return { error: `the harness does not run ${name}` };
    else shortcuts.onCommand(name);
    return { value: null };
  }
  const onAction = name === "action" || name === "browser_action";
  if (action === "open-menu") {
    if (window.gBrowser.selectedTab !== tab) window.gBrowser.selectedTab = tab;
    if (onAction) return openActionMenu(extension, window);
    const menu = window.document.getElementById(MENUS[name]);
    const shown = popupEvent(menu, "popupshown");
    rightClick(window, name === "tab" ? tab : tab.linkedBrowser);
    await shown;
    return { value: null };
  }
  const menu = window.document.getElementById(onAction ? ACTION_MENU : MENUS[name]);
  if (!menu) return { error: `the ${name} menu did not open` };
  if (action === "close-menu") {
    if (menu.state === "closed") return { value: null };
    const hidden = popupEvent(menu, "popuphidden");
    menu.hidePopup();
    await hidden;
    if (onAction) menu.remove();
    return { value: null };
  }
  if (menu.state !== "open") return { error: `the ${name} menu did not open` };
  const items = ownItems(menu);
  if (action === "read-menu") return { value: items.map(({ id, title }) => ({ id, title })) };
  if (action === "click-menu") {
    const item = items.find((found) => found.id === itemId);
    if (!item) {
      const shown = items.map((found) => found.id).join(", ") || "none";
      return { error: `it shows no item ${JSON.stringify(itemId)} in the ${name} menu (it shows: ${shown})` };
    }
    item.element.doCommand();
    return { value: null };
  }
  return { error: `unknown action ${action}` };
}

run().then(done, (error) => done({ error: String(error) }));
