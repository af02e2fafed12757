"use strict";
// The wire format between Python and this page. JSON carries everything but a
// few JavaScript values, which travel as tagged objects {"$h": tag, ...}:
// undefined, NaN, Infinity, -Infinity, and plain objects that happen to have
// a "$h" key of their own (wrapped so they cannot be mistaken for a tag).
// harness/encoding.py is the Python side of the same table.

const TAG = "$h";

function encodeValue(value, seen = new Set()) {
  if (value === undefined) return { [TAG]: "undefined" };
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { [TAG]: "nan" };
    if (value === Infinity) return { [TAG]: "inf" };
    if (value === -Infinity) return { [TAG]: "-inf" };
    return value;
  }
  if (typeof value === "bigint") return { [TAG]: "bigint", v: String(value) };
  if (typeof value === "function") return { [TAG]: "function", v: String(value.name) };
  if (typeof value === "symbol") return { [TAG]: "symbol", v: String(value.description) };
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return { [TAG]: "cycle" };
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => encodeValue(item, seen));
    if (typeof value.toJSON === "function") return encodeValue(value.toJSON(), seen);
    const out = {};
    for (const key of Object.keys(value)) out[key] = encodeValue(value[key], seen);
    return Object.prototype.hasOwnProperty.call(out, TAG) ? { [TAG]: "object", v: out } : out;
  } finally {
    seen.delete(value);
  }
}

function decodeValue(value) {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value === null || typeof value !== "object") return value;
  if (Object.prototype.hasOwnProperty.call(value, TAG)) {
    switch (value[TAG]) {
      case "undefined": return undefined;
      case "nan": return NaN;
      case "inf": return Infinity;
      case "-inf": return -Infinity;
      case "bigint": return BigInt(value.v);
      case "object": return decodeObject(value.v);
      default: throw new TypeError(`harness: unknown wire tag ${JSON.stringify(value[TAG])}`);
    }
  }
  return decodeObject(value);
}

function decodeObject(value) {
  const out = {};
  for (const key of Object.keys(value)) out[key] = decodeValue(value[key]);
  return out;
}
