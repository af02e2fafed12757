"use strict";
// Lists the window's groups (click one to make it the active group) and moves
// the current tab to a named group.
const api = globalThis.browser || globalThis.chrome;
const send = (message) => api.runtime.sendMessage(message);

async function render() {
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  const groups = await send({ type: "groups", windowId: tab.windowId });
  const active = await send({ type: "activeGroup", windowId: tab.windowId });
  const list = document.getElementById("groups");
  list.replaceChildren();
  for (const [name, tabIds] of Object.entries(groups)) {
    const item = document.createElement("li");
    item.textContent = `${name === active ? "▶ " : ""}${name} (${tabIds.length})`;
    item.addEventListener("click", () => send({ type: "activate", windowId: tab.windowId, group: name }).then(render));
    list.append(item);
  }
  return tab;
}

document.getElementById("move").addEventListener("submit", async (event) => {
  event.preventDefault();
  const tab = await render();
  await send({ type: "moveTab", tabId: tab.id, group: document.getElementById("group").value });
  await render();
});

render();
