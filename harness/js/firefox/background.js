// Chrome context. An extension's background: evaluate an expression in its
// realm, or stop it as the idle timeout does.
// Evaluation goes through the devtools server in this process (what
// about:debugging's Inspect uses), over an in-process pipe: no socket is
// opened. CommandsFactory.forAddon, the target list and the console's
// evaluateJSAsync (scriptCommand) are the interfaces about:debugging and
// web-ext rely on. The background's state and its suspension are the
// Extension object's own: backgroundState, wakeupBackground() and
// terminateBackground() (what the event page's idle timer calls).
// arguments: extension id, action ("evaluate" | "suspend"), the expression,
// WebDriver's callback, which gets {value} or {error}.
const [extensionId, action, text] = arguments;
const done = arguments[arguments.length - 1];

function describe(extension) {
  const background = extension.manifest.background || {};
  return {
    has: Boolean(background.page || (background.scripts && background.scripts.length) || background.service_worker),
    page: background.page || "_generated_background_page.html",
    persistent: Boolean(extension.persistentBackground),
  };
}

async function evaluate(extension) {
  if (extension.backgroundState !== "running") await extension.wakeupBackground();
  const url = extension.baseURI.resolve(describe(extension).page);
  const { require } = ChromeUtils.importESModule("resource://devtools/shared/loader/Loader.sys.mjs");
  const { CommandsFactory } = require("devtools/shared/commands/commands-factory");
  const commands = await CommandsFactory.forAddon(extensionId);
  try {
    const targets = commands.targetCommand;
    await targets.startListening();
    // A background that is just (re)starting is listed when its document is there:
    // the target list announces it (for one already listed, at once).
    const target = await new Promise((resolve) => {
      const onAvailable = ({ targetFront }) => {
        if (targetFront.url === url) resolve(targetFront);
      };
      targets.watchTargets({ types: [targets.TYPES.FRAME], onAvailable });
    });
    // mapped.await: the server waits for the promise the expression returns.
    const answer = await commands.scriptCommand.execute(text, { selectedTargetFront: target, mapped: { await: true } });
    if (answer.exceptionMessage) return { error: `the background threw: ${answer.exceptionMessage}` };
    let value = answer.result;
    if (value && typeof value.string === "function") value = await value.string(); // a long string's front
    return { value };
  } finally {
    await commands.destroy();
  }
}

async function suspend(extension) {
  const about = describe(extension);
  if (about.persistent) return { error: "persistent" };
  if (extension.backgroundState === "stopped") return { value: "stopped" };
  // A listener still settling makes the first expiry of the idle timer reset it
  // (and forget those listeners); the second expiry stops the background.
  for (let expiry = 0; expiry < 2 && extension.backgroundState === "running"; expiry++) {
    await extension.terminateBackground({ ignoreDevToolsAttached: true });
  }
  if (extension.backgroundState !== "stopped") {
    return { error: `the background did not stop (state ${extension.backgroundState}): a listener or port keeps it alive` };
  }
  return { value: "stopped" };
}

(async () => {
  const policy = WebExtensionPolicy.getByID(extensionId);
  const extension = policy && policy.extension;
  if (!extension) return { error: `no extension ${extensionId} is running` };
  if (!describe(extension).has) return { error: "none" };
  if (action === "evaluate") return evaluate(extension);
  if (action === "suspend") return suspend(extension);
  return { error: `unknown action ${action}` };
})().then(done, (error) => done({ error: String(error) }));
