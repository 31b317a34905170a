'use strict';
// Known, deliberate divergences between ddcheck's plain JSON Logic and json-logic-js 2.
//
// compare.js localizes every disagreement to the nodes whose operands agree in both engines but
// whose results do not, and asks this table about each such node:
//   n.op      the operator ('[]' for an array of rules)
//   n.values  the operands as written (an operand that is not an array is wrapped: [x])
//   n.args    the operands as json-logic-js evaluated them (the same in ddcheck, since they agree);
//             for if/and/or and the iterators only the first (the condition, the array)
//   n.js      {ok, value, nonFinite} or {ok: false, error}: json-logic-js's result
//   n.dd      {ok, value} or {ok: false, error}: ddcheck's result ({"error": type} → error)
// A divergence is known only if an entry matches it, and every entry checks not only the shape
// but also that ddcheck's result is the one the suites' semantics give (the small models below),
// so a wrong ddcheck result of the right shape is still reported.
//
// Each entry: id, reason, ref (a compat-suite case under
// ../shared/conformance/jsonlogic/compat-suites/ or a section of docs/jsonlogic.md), match(n).
// docs/jsonlogic.md ("Differential test against json-logic-js") lists the same table.

// ---- models of ddcheck's plain semantics (docs/jsonlogic.md, "Semantics worth knowing") ----

// Number conversion: JavaScript's Number() for scalars; arrays and objects never convert.
function toNum(x) {
  if (x === null) return 0;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'number') return x;
  if (typeof x === 'string') return Number(x);
  return NaN;
}
const isComposite = (x) => x !== null && typeof x === 'object';
const NAN = { error: 'NaN' };

// One comparison: two strings compare as strings, anything else as numbers (NaN throws).
function comparePair(op, a, b) {
  let x = a, y = b;
  if (!(typeof a === 'string' && typeof b === 'string')) {
    x = toNum(a);
    y = toNum(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return NAN;
  }
  switch (op) {
    case '==': return { value: x === y };
    case '!=': return { value: x !== y };
    case '<': return { value: x < y };
    case '<=': return { value: x <= y };
    case '>': return { value: x > y };
    case '>=': return { value: x >= y };
  }
  throw new Error('not a loose comparison: ' + op);
}

// A chain a op b op c …: false at the first false pair, NaN at the first pair that throws.
function compareChain(op, args) {
  if (args.length < 2) return { error: 'Invalid Arguments' };
  for (let i = 0; i + 1 < args.length; i++) {
    const r = comparePair(op, args[i], args[i + 1]);
    if (r.error || !r.value) return r;
  }
  return { value: true };
}

const ARITH = new Set(['+', '-', '*', '/', '%', 'max', 'min']);
function arithmetic(op, args) {
  const xs = args.map(toNum);
  let r;
  if (op === 'max' || op === 'min') {
    if (!xs.length) return { value: null };
    r = op === 'max' ? Math.max(...xs) : Math.min(...xs);
  } else if (op === '+') {
    r = xs.reduce((a, b) => a + b, 0);
  } else if (op === '*') {
    r = xs.reduce((a, b) => a * b, 1);
  } else {
    if (!xs.length || (op === '%' && xs.length < 2)) return { error: 'Invalid Arguments' };
    if (xs.length === 1) r = op === '-' ? -xs[0] : 1 / xs[0];
    else r = xs.slice(1).reduce((a, b) => (op === '-' ? a - b : op === '/' ? a / b : a % b), xs[0]);
  }
  return Number.isFinite(r) ? { value: r } : NAN;
}

// Whether ddcheck's result is the model's.
function ddIs(n, model) {
  if (model.error) return !n.dd.ok && n.dd.error === model.error;
  if (!n.dd.ok) return false;
  const v = n.dd.value, m = model.value;
  if (typeof v === 'number' && typeof m === 'number')
    return v === m || Math.abs(v - m) <= 1e-9 * Math.max(Math.abs(v), Math.abs(m));
  return JSON.stringify(v) === JSON.stringify(m);
}

// Whether reading path (dot-separated, as var splits it) from data passes through a string
// before its last segment: json-logic-js then indexes the string's characters (or reads its
// length), ddcheck finds nothing.
function pathEntersString(data, path) {
  if (path === null || path === undefined || path === '') return false;
  const segs = String(path).split('.');
  let d = data;
  for (let i = 0; i < segs.length; i++) {
    if (d === null || d === undefined) return false;
    if (typeof d === 'string') return true;
    if (typeof d !== 'object') return false;
    d = Array.isArray(d) || Object.prototype.hasOwnProperty.call(d, segs[i]) ? d[segs[i]] : undefined;
  }
  return false;
}
// ddcheck's var: the path's value, or the default (null if none) when a segment is not found.
function ddVar(data, path, dflt) {
  const missing = { value: dflt === undefined ? null : dflt };
  if (path === null || path === undefined || path === '') return { value: data };
  let d = data;
  for (const s of String(path).split('.')) {
    if (d === null || typeof d !== 'object') return missing;
    if (Array.isArray(d)) {
      if (!/^(0|[1-9][0-9]*)$/.test(s) || Number(s) >= d.length) return missing;
      d = d[Number(s)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(d, s)) return missing;
      d = d[s];
    }
  }
  return { value: d };
}
// ddcheck's missing: the keys whose var is null or "" (an array first operand is the key list).
function ddMissing(data, args) {
  const keys = Array.isArray(args[0]) ? args[0] : args;
  return keys.filter((k) => {
    const v = ddVar(data, k).value;
    return v === null || v === '';
  });
}

// ddcheck's substr: the source's string form, in code points; start and length converted to
// integers (NaN, an array, an object -> 0); a negative start or length counts from the end.
function ddSubstr(args) {
  const chars = Array.from(String(args[0]));
  const int = (x) => {
    const d = toNum(x);
    return Number.isNaN(d) ? 0 : Math.trunc(d);
  };
  let start = args.length > 1 ? int(args[1]) : 0;
  if (start < 0) start = Math.max(chars.length + start, 0);
  start = Math.min(start, chars.length);
  let end = chars.length;
  if (args.length > 2) {
    let len = toNum(args[2]);
    if (Number.isNaN(len)) len = 0;
    end = len < 0 ? Math.trunc(chars.length + len) : start + Math.trunc(len);
  }
  end = Math.min(end, chars.length);
  return { value: end <= start ? '' : chars.slice(start, end).join('') };
}

// ---- the table ----

const KNOWN_DIVERGENCES = [
  {
    id: 'arithmetic-not-finite',
    reason: 'an arithmetic result that is not a finite number (division or modulo by zero, a ' +
      'non-numeric string) throws NaN in ddcheck; json-logic-js returns NaN or Infinity (null in JSON)',
    ref: 'arithmetic/divide.json {"/": [1, 0]} -> error NaN; arithmetic/plus.json {"+": ["Hey", 1]} -> error NaN',
    match: (n) => ARITH.has(n.op) && n.js.ok && n.js.nonFinite && ddIs(n, arithmetic(n.op, n.args)) &&
      !n.dd.ok,
  },
  {
    id: 'arithmetic-array-or-object',
    reason: 'arrays and objects never convert to numbers: arithmetic on them throws NaN in ddcheck; ' +
      'json-logic-js converts them through their string form ([] -> 0, [5] -> 5, [1,2] -> NaN or 1)',
    ref: 'arithmetic/plus.json {"+": [[1], 1]} -> error NaN; arithmetic/minus.json {"-": [[1], 1]}; ' +
      'arithmetic/multiply.json {"*": [[1], 1]}',
    match: (n) => ARITH.has(n.op) && n.args.some(isComposite) && ddIs(n, NAN),
  },
  {
    id: 'plus-times-number-conversion',
    reason: '+ and * convert operands as the suites do (Number(): null and false -> 0, true -> 1, ' +
      '"" -> 0, "2024-01-01" -> NaN); json-logic-js uses parseFloat (null, booleans and "" -> NaN, ' +
      '"2024-01-01" -> 2024)',
    ref: 'arithmetic/plus.json {"+": [1, "2", 3, "4", "", true, false, null]} -> 11; ' +
      'arithmetic/multiply.json {"*": ["1", null]} -> 0',
    match: (n) => (n.op === '+' || n.op === '*') && n.args.some((a) => !isComposite(a) &&
      !Object.is(parseFloat(a), toNum(a))) && ddIs(n, arithmetic(n.op, n.args)),
  },
  {
    id: 'times-one-operand',
    reason: '{"*": [x]} is x converted to a number in ddcheck; json-logic-js returns x unconverted ' +
      '(a string, a boolean, null, an array)',
    ref: 'arithmetic/multiply.json {"*": ["1"]} -> 1',
    match: (n) => n.op === '*' && n.args.length === 1 && ddIs(n, arithmetic('*', n.args)),
  },
  {
    id: 'minus-divide-modulo-variadic',
    reason: '-, / and % fold over all their operands in ddcheck; json-logic-js uses the first two ' +
      'and ignores the rest',
    ref: 'arithmetic/minus.json {"-": [1, "2", 3, "4", "", true, false, null]} -> -9; ' +
      'arithmetic/divide.json {"/": [8, 2, 0]} -> error NaN',
    match: (n) => ['-', '/', '%'].includes(n.op) && n.args.length > 2 &&
      ddIs(n, arithmetic(n.op, n.args)),
  },
  {
    id: 'comparison-one-operand',
    reason: 'a comparison needs two operands: with one it throws Invalid Arguments in ddcheck; ' +
      'json-logic-js compares the operand with undefined',
    ref: 'comparison/softEquals.json {"==": [1]} -> error Invalid Arguments; ' +
      'comparison/greaterThan.json {">": [1]} -> error Invalid Arguments',
    match: (n) => ['==', '!=', '===', '!==', '<', '<=', '>', '>='].includes(n.op) &&
      n.values.length === 1 && ddIs(n, { error: 'Invalid Arguments' }),
  },
  {
    id: 'comparison-chain',
    reason: 'every comparison chains over all its operands in ddcheck ({">": [3, 2, 1]} is ' +
      '3 > 2 > 1); json-logic-js reads two operands (three for the between forms of < and <=) ' +
      'and ignores the rest',
    ref: 'comparison/greaterThan.json {">": [3, 2, 3]} -> false; comparison/softEquals.json ' +
      '{"==": [3, 2, 3]} -> false',
    match: (n) => ['==', '!=', '<', '<=', '>', '>='].includes(n.op) &&
      n.args.length > (n.op === '<' || n.op === '<=' ? 3 : 2) && ddIs(n, compareChain(n.op, n.args)),
  },
  {
    id: 'comparison-not-a-number',
    reason: 'a comparison that is not between two strings compares numbers, and throws NaN when a ' +
      'side does not convert (a non-numeric string against a number, an array, an object); ' +
      'json-logic-js gives false (or compares string forms)',
    ref: 'comparison/softEquals.json {"==": [1, "A"]} -> error NaN, {"==": [[1], 5]} -> error NaN; ' +
      'comparison/greaterThan.json {">": [1, "A"]} -> error NaN',
    match: (n) => ['==', '!=', '<', '<=', '>', '>='].includes(n.op) && n.args.length >= 2 &&
      !n.dd.ok && ddIs(n, compareChain(n.op, n.args)),
  },
  {
    id: 'loose-equality-null-is-zero',
    reason: 'loose == and != convert null to 0 like every other comparison (null == 0, null == false ' +
      'and null == "" are true); in JavaScript null is loosely equal only to null',
    ref: 'comparison/softEquals.json {"==": [null, 0]} -> true',
    match: (n) => (n.op === '==' || n.op === '!=') && n.args.includes(null) &&
      ddIs(n, compareChain(n.op, n.args)),
  },
  {
    id: 'quantifier-over-non-array',
    reason: 'all, some and none over something that is not an array throw Invalid Arguments; ' +
      'json-logic-js gives false (all, some) or true (none)',
    ref: 'array/all.json {"all": [null, …]} -> error Invalid Arguments; array/some.json ' +
      '{"some": [{"var": "missing"}, …]} -> error Invalid Arguments',
    match: (n) => ['all', 'some', 'none'].includes(n.op) && !Array.isArray(n.args[0]) &&
      ddIs(n, { error: 'Invalid Arguments' }),
  },
  {
    id: 'map-filter-reduce-null-operand',
    reason: 'a literal null as the array or the body of map and filter (and, by the same rule, ' +
      'reduce) throws Invalid Arguments; json-logic-js iterates (nothing) or maps to null',
    ref: 'array/map.json {"map": [null, …]} and {"map": [{"var": "integers"}, null]} -> error ' +
      'Invalid Arguments; array/filter.json likewise',
    match: (n) => ['map', 'filter', 'reduce'].includes(n.op) &&
      (n.values[0] === null || n.values[1] === null) && ddIs(n, { error: 'Invalid Arguments' }),
  },
  {
    id: 'reduce-without-initial',
    reason: 'reduce without an initial value starts from the first element; json-logic-js starts ' +
      'from null',
    ref: 'array/reduce.json {"reduce": [{"var": "numbers"}, {"+": …}]} with [1, 2, 3] -> 6',
    match: (n) => n.op === 'reduce' && n.values.length === 2 && Array.isArray(n.args[0]) &&
      n.args[0].length > 0,
  },
  {
    id: 'var-into-string',
    reason: 'var (and so missing, missing_some) does not index a string\'s characters nor read its ' +
      'length: a path through a string is not found; json-logic-js reads "abc".0 as "a"',
    ref: 'docs/jsonlogic.md, Known divergences: "var on a string does not index characters, nor ' +
      'read length"',
    match: (n) => {
      if (n.op === 'var')
        return pathEntersString(n.data, n.args[0]) && ddIs(n, ddVar(n.data, n.args[0], n.args[1]));
      if (n.op === 'missing') {
        const keys = Array.isArray(n.args[0]) ? n.args[0] : n.args;
        return keys.some((k) => pathEntersString(n.data, k)) && ddIs(n, { value: ddMissing(n.data, n.args) });
      }
      if (n.op === 'missing_some') {
        const keys = n.args[1];
        const miss = ddMissing(n.data, [keys]);
        return keys.some((k) => pathEntersString(n.data, k)) &&
          ddIs(n, { value: keys.length - miss.length >= n.args[0] ? [] : miss });
      }
      return false;
    },
  },
  {
    id: 'in-empty-string-haystack',
    reason: '"" contains the empty string, so {"in": ["", ""]} is true in ddcheck (as is a needle ' +
      'whose string form is "", such as []); json-logic-js returns false for any falsy haystack ' +
      'before searching it',
    ref: 'docs/jsonlogic.md, Operators: in is membership with ===, or substring',
    match: (n) => n.op === 'in' && n.args[1] === '' && String(n.args[0]) === '' &&
      ddIs(n, { value: true }),
  },
  {
    id: 'strict-equality-of-arrays-and-objects',
    reason: 'arrays and objects are never strictly equal in ddcheck (=== is false, !== true, and ' +
      'in never finds one in an array); json-logic-js compares references, so the same part of ' +
      'the data read twice is === to itself',
    ref: 'docs/jsonlogic.md, Semantics worth knowing: "arrays and objects are never strictly equal"',
    match: (n) => ((n.op === '===' || n.op === '!==') && n.args.length === 2 &&
      n.args.every(isComposite) && ddIs(n, { value: n.op === '!==' })) ||
      (n.op === 'in' && isComposite(n.args[0]) && Array.isArray(n.args[1]) && ddIs(n, { value: false })),
  },
  {
    id: 'substr-negative-length-string',
    reason: 'a negative length given as a string ("-1") counts from the end in ddcheck, as a ' +
      'number would; json-logic-js adds it to the length as a string ("4" + "-1" = "4-1", so 0 ' +
      'characters)',
    ref: 'docs/jsonlogic.md, Semantics worth knowing: conversions are JavaScript\'s Number(); ' +
      'string/substr.json {"substr": ["jsonlogic", 1, -5]} -> "son"',
    match: (n) => n.op === 'substr' && typeof n.args[2] === 'string' && Number(n.args[2]) < 0 &&
      ddIs(n, ddSubstr(n.args)),
  },
];

module.exports = { KNOWN_DIVERGENCES, models: { toNum, compareChain, arithmetic, ddVar, ddSubstr } };
