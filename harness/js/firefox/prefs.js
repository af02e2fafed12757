// Chrome context. Sets prefs and reads them back, so that reset() can put
// them back. A value of null clears the user value.
// arguments: {name: value | null} to set, [names] to read, WebDriver's callback.
// answers {before: {name: {value, userSet}}, current: {name: value}}.
const [changes, names] = arguments;
const done = arguments[arguments.length - 1];

const PREF = Services.prefs;

function read(name) {
  switch (PREF.getPrefType(name)) {
    case PREF.PREF_BOOL: return PREF.getBoolPref(name);
    case PREF.PREF_INT: return PREF.getIntPref(name);
    case PREF.PREF_STRING: return PREF.getStringPref(name);
    default: return null;
  }
}

const before = {};
for (const [name, value] of Object.entries(changes)) {
  before[name] = { value: read(name), userSet: PREF.prefHasUserValue(name) };
  if (value === null) PREF.clearUserPref(name);
  else if (typeof value === "boolean") PREF.setBoolPref(name, value);
  else if (Number.isInteger(value)) PREF.setIntPref(name, value);
  else if (typeof value === "string") PREF.setStringPref(name, value);
  else throw new TypeError(`pref ${name}: ${JSON.stringify(value)} is not a bool, an integer or a string`);
}
const current = {};
for (const name of names) current[name] = read(name);
done({ before, current });
