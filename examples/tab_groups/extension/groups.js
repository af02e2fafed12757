"use strict";
// Group membership, kept by the browser with each tab and window, so that it
// survives closing and restoring them and restarting the browser:
//   tab value    "group"        the name of the tab's group
//   window value "activeGroup"  the group that new tabs in the window join
const TAB_KEY = "group";
const WINDOW_KEY = "activeGroup";
const DEFAULT_GROUP = "General";

function groupOf(tabId) {
  return browser.sessions.getTabValue(tabId, TAB_KEY);
}

function setGroup(tabId, group) {
  return browser.sessions.setTabValue(tabId, TAB_KEY, group);
}

async function activeGroup(windowId) {
  return (await browser.sessions.getWindowValue(windowId, WINDOW_KEY)) || DEFAULT_GROUP;
}

function setActiveGroup(windowId, group) {
  return browser.sessions.setWindowValue(windowId, WINDOW_KEY, group);
}

// {group name: [tab ids in tab order]} for one window.
async function groupsOf(windowId) {
  const groups = {};
  for (const tab of await browser.tabs.query({ windowId })) {
    const group = (await groupOf(tab.id)) || DEFAULT_GROUP;
    (groups[group] = groups[group] || []).push(tab.id);
  }
  return groups;
}
