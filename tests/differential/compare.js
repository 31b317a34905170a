'use strict';
// Differential test: evaluates generated JSON Logic cases (gen.js) in json-logic-js and in
// `ddcheck logic`, and fails on any disagreement that is not a known, documented divergence
// (divergences.js).
//
// Every disagreeing case is localized: starting from the whole rule, descend into the operands
// (evaluated in the data they see: the document, an iteration's element, a reduce's
// {current, accumulator}) that themselves disagree, down to the nodes whose operands all agree but
// whose results do not. Those nodes are the divergences; each one must match an entry of
// KNOWN_DIVERGENCES, given its operator, its evaluated operands and both results. A node above
// them is re-run in ddcheck with json-logic-js's operand values where that is possible (see
// localize), so that it is not excused merely because an operand diverged.
//
// Usage: node compare.js --bin DDCHECK --jsonlogic DIR [--seed N] [--count N] [--show N] [--list]
//                        [--dump FILE]
//   --show N     print the first N unexplained cases (default 10)
//   --list       print every known-divergent case with its classes
//   --dump FILE  write the unexplained divergent nodes to FILE, one JSON object a line
// Exit: 0 all agree or are known, 1 an unexplained disagreement, 2 cannot run.

const { spawnSync } = require('child_process');
const path = require('path');
const { generate } = require('./gen.js');
const { KNOWN_DIVERGENCES } = require('./divergences.js');

const opts = { seed: 20240601, count: 3000, show: 10, list: false, bin: null, jsonlogic: null };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--bin') opts.bin = argv[++i];
    else if (a === '--jsonlogic') opts.jsonlogic = argv[++i];
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--count') opts.count = Number(argv[++i]);
    else if (a === '--show') opts.show = Number(argv[++i]);
    else if (a === '--list') opts.list = true;
    else if (a === '--dump') opts.dump = argv[++i];
    else {
      console.error('compare.js: unknown argument ' + a);
      process.exit(2);
    }
  }
  if (!opts.bin || !opts.jsonlogic || !(opts.count >= 0)) {
    console.error('usage: node compare.js --bin DDCHECK --jsonlogic DIR [--seed N] [--count N]');
    process.exit(2);
  }
}
const jsonLogic = require(path.resolve(opts.jsonlogic));
const jsonLogicVersion = require(path.join(path.resolve(opts.jsonlogic), 'package.json')).version;

// ---- evaluation ----

// JS value as JSON would carry it; records whether a NaN or an infinity was turned into null.
function normalize(v, flags) {
  if (v === undefined) {
    flags.undef = true;
    return null;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      flags.nonFinite = true;
      return null;
    }
    return v === 0 ? 0 : v; // -0 prints as 0
  }
  if (typeof v === 'function') {
    flags.undef = true;
    return null;
  }
  if (Array.isArray(v)) return v.map((x) => normalize(x, flags));
  if (v && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) if (v[k] !== undefined) o[k] = normalize(v[k], flags);
    return o;
  }
  return v;
}

function runJS(rule, data) {
  try {
    const raw = jsonLogic.apply(rule, data);
    const flags = {};
    const value = normalize(raw, flags);
    return { ok: true, raw, value, nonFinite: !!flags.nonFinite, undef: !!flags.undef };
  } catch (e) {
    return { ok: false, error: (e && e.constructor && e.constructor.name) + ': ' + (e && e.message) };
  }
}

let spawns = 0;
function runDD(rule, data) {
  spawns++;
  const r = spawnSync(opts.bin, ['logic', JSON.stringify(rule), JSON.stringify(data)], {
    encoding: 'utf8', maxBuffer: 16 << 20,
  });
  if (r.error) fatal('cannot run ' + opts.bin + ': ' + r.error.message);
  const out = r.stdout.trim();
  if (r.status === 0) return { ok: true, value: JSON.parse(out) };
  if (r.status === 1) {
    const e = JSON.parse(out);
    return { ok: false, error: e.error };
  }
  // exit 2 (does not compile) or a crash: never a known divergence
  return { ok: false, fatal: true, error: 'exit ' + r.status + (r.signal ? ' signal ' + r.signal : '') +
    ': ' + r.stderr.trim() };
}

function fatal(msg) {
  console.error('compare.js: ' + msg);
  process.exit(2);
}

function close(a, b) {
  if (a === b) return true;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= 1e-9 * scale;
}

function deepEqual(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return close(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) &&
    deepEqual(a[k], b[k]));
}

function agree(js, dd) {
  if (dd.fatal) return false;
  if (!js.ok || !dd.ok) return !js.ok && !dd.ok; // both throw (any error type)
  return deepEqual(js.value, dd.value);
}

// ---- localization ----

const isLogic = (x) => jsonLogic.is_logic(x);
const ITERATORS = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

function operands(rule) {
  const op = Object.keys(rule)[0];
  let values = rule[op];
  if (!Array.isArray(values)) values = [values];
  return { op, values };
}

// Whether JSON carries v exactly (no NaN, infinity or undefined inside).
function jsonExact(v) {
  const flags = {};
  normalize(v, flags);
  return !flags.nonFinite && !flags.undef;
}

// The sub-evaluations a node performs in json-logic-js: [{rule, data}] in order, only those it
// reaches (if/and/or and the iterators short-circuit).
function subContexts(rule, data) {
  if (Array.isArray(rule)) return rule.map((r, i) => ({ rule: r, data, index: i }));
  const { op, values } = operands(rule);
  const out = [];
  const truthy = (r) => jsonLogic.truthy(r);
  const js = (r, d) => jsonLogic.apply(r, d);
  if (op === 'if' || op === '?:') {
    let i;
    for (i = 0; i < values.length - 1; i += 2) {
      out.push({ rule: values[i], data, index: i });
      if (truthy(js(values[i], data))) {
        out.push({ rule: values[i + 1], data, index: i + 1 });
        return out;
      }
    }
    if (values.length === i + 1) out.push({ rule: values[i], data, index: i });
    return out;
  }
  if (op === 'and' || op === 'or') {
    for (const [i, v] of values.entries()) {
      out.push({ rule: v, data, index: i });
      const t = truthy(js(v, data));
      if (op === 'and' ? !t : t) break;
    }
    return out;
  }
  if (ITERATORS.has(op)) {
    out.push({ rule: values[0], data, index: 0 });
    const arr = js(values[0], data);
    if (op === 'reduce' && values[2] !== undefined) out.push({ rule: values[2], data, index: 2 });
    if (!Array.isArray(arr)) return out;
    if (op === 'reduce') {
      let acc = values[2] !== undefined ? js(values[2], data) : null;
      for (const cur of arr) {
        const d = { current: cur, accumulator: acc };
        if (!jsonExact(d)) break; // a NaN accumulator: ddcheck would see null
        out.push({ rule: values[1], data: d, body: true });
        acc = js(values[1], d);
      }
      return out;
    }
    for (const el of arr) {
      if (!jsonExact(el)) break;
      out.push({ rule: values[1], data: el, body: true });
      const t = truthy(js(values[1], el));
      if ((op === 'all' && !t) || ((op === 'some' || op === 'none') && t)) break;
    }
    return out;
  }
  values.forEach((v, i) => out.push({ rule: v, data, index: i }));
  return out;
}

// Nodes where the engines disagree although every operand agrees. A node whose operands
// disagree is itself checked too, where it can be: its disagreeing operands are replaced by
// json-logic-js's values ({"preserve": v} for arrays and objects) and ddcheck must then give
// json-logic-js's result, or the node is a divergence of its own (judged on that re-run). This
// cannot be done for an iteration body (evaluated once per element) nor for an operand whose
// json-logic-js value JSON cannot carry (NaN, undefined, a throw); there the node is taken as
// propagating its operands' divergence, provided that any error ddcheck throws at the node is one
// that a disagreeing operand threw in ddcheck (errors propagate).
function localize(rule, data, js, dd) {
  if (!(Array.isArray(rule) || isLogic(rule))) return [];
  if (js === undefined) js = runJS(rule, data);
  if (dd === undefined) dd = runDD(rule, data);
  if (agree(js, dd)) return [];
  let sub;
  try {
    sub = subContexts(rule, data);
  } catch (e) {
    sub = []; // json-logic-js threw while reaching the operands: this node is where it diverges
  }
  const found = [], bad = [];
  for (const c of sub) {
    if (!(Array.isArray(c.rule) || isLogic(c.rule))) continue;
    const cjs = runJS(c.rule, c.data), cdd = runDD(c.rule, c.data);
    if (agree(cjs, cdd)) continue;
    bad.push({ c, js: cjs, dd: cdd });
    found.push(...localize(c.rule, c.data, cjs, cdd));
  }
  if (!bad.length) return [describe(rule, data, js, dd)];
  if (bad.some((b) => b.c.body || !b.js.ok || !jsonExact(b.js.raw))) {
    // Only propagation can be checked: an error ddcheck throws here must be an operand's.
    const errors = bad.filter((b) => !b.dd.ok).map((b) => b.dd.error);
    if (!dd.ok && errors.length && !errors.includes(dd.error))
      return found.concat([describe(rule, data, js, dd)]);
    return found;
  }
  const rerun = runDD(substitute(rule, bad), data);
  if (agree(js, rerun)) return found;
  return found.concat([describe(rule, data, js, rerun)]);
}

// (null too: a literal null operand of map/filter/reduce means something else than a computed one)
const asLiteral = (v) => (typeof v === 'object' ? { preserve: v } : v);

// rule with the operands at the given indexes replaced by json-logic-js's values
function substitute(rule, bad) {
  if (Array.isArray(rule)) {
    const copy = rule.slice();
    for (const b of bad) copy[b.c.index] = asLiteral(b.js.value);
    return copy;
  }
  const op = Object.keys(rule)[0];
  if (!Array.isArray(rule[op])) return { [op]: asLiteral(bad[0].js.value) }; // {"!": x}
  const values = rule[op].slice();
  for (const b of bad) values[b.c.index] = asLiteral(b.js.value);
  return { [op]: values };
}

function describe(rule, data, js, dd) {
  const node = { rule, data, js, dd };
  if (Array.isArray(rule)) {
    node.op = '[]';
    node.values = rule;
    return node;
  }
  const { op, values } = operands(rule);
  node.op = op;
  node.values = values;
  node.shorthand = !Array.isArray(rule[op]);
  if (!ITERATORS.has(op) && !['if', '?:', 'and', 'or'].includes(op)) {
    try {
      node.args = values.map((v) => jsonLogic.apply(v, data));
    } catch (e) {
      node.args = undefined;
    }
  } else {
    try {
      node.args = [jsonLogic.apply(values[0], data)]; // the condition / the iterated array
    } catch (e) {
      node.args = undefined;
    }
  }
  return node;
}

function classify(node) {
  for (const d of KNOWN_DIVERGENCES) {
    try {
      if (d.match(node)) return d.id;
    } catch (e) {
      // a predicate that does not apply to this shape
    }
  }
  return null;
}

// ---- main ----

const t0 = Date.now();
const cases = generate(opts.seed, opts.count);
const byClass = new Map(KNOWN_DIVERGENCES.map((d) => [d.id, 0]));
let agreements = 0, classified = 0, bothThrow = 0;
const failures = [];
const show = (x) => JSON.stringify(x);
const result = (r) => (r.ok ? show(r.value) + (r.nonFinite ? ' (NaN/Infinity)' : '') : 'throws ' + r.error);

cases.forEach((c, i) => {
  const js = runJS(c.rule, c.data);
  const dd = runDD(c.rule, c.data);
  if (agree(js, dd)) {
    agreements++;
    if (!js.ok) bothThrow++;
    return;
  }
  const nodes = localize(c.rule, c.data, js, dd);
  const classes = nodes.map(classify);
  if (nodes.length && classes.every((k) => k)) {
    classified++;
    for (const k of new Set(classes)) byClass.set(k, byClass.get(k) + 1);
    if (opts.list) {
      console.log('case ' + i + ' [' + [...new Set(classes)].join(', ') + ']: ' + show(c.rule) +
        ' data ' + show(c.data) + '\n  json-logic-js: ' + result(js) + '\n  ddcheck:       ' + result(dd));
    }
    return;
  }
  failures.push({ i, c, js, dd, nodes: nodes.filter((n, k) => !classes[k]) });
});

if (opts.dump) {
  const nodes = [];
  for (const f of failures) for (const n of f.nodes) {
    nodes.push({ case: f.i, op: n.op, rule: n.rule, data: n.data, args: n.args && normalize(n.args, {}),
      js: n.js.ok ? { value: n.js.value, nonFinite: n.js.nonFinite, undef: n.js.undef } : { error: n.js.error },
      dd: n.dd.ok ? { value: n.dd.value } : { error: n.dd.error } });
  }
  require('fs').writeFileSync(opts.dump, nodes.map((n) => JSON.stringify(n)).join('\n') + '\n');
}
for (const f of failures.slice(0, opts.show)) {
  console.log('UNEXPLAINED case ' + f.i + ': ' + show(f.c.rule) + '\n  data: ' + show(f.c.data));
  console.log('  json-logic-js: ' + result(f.js) + '\n  ddcheck:       ' + result(f.dd));
  for (const n of f.nodes) {
    console.log('  diverges at ' + show(n.rule) + '\n    with data ' + show(n.data) +
      (n.args ? '\n    operands ' + show(normalize(n.args, {})) : '') +
      '\n    json-logic-js: ' + result(n.js) + '\n    ddcheck:       ' + result(n.dd));
  }
  if (!f.nodes.length) console.log('  (no single node: the operands disagree only together)');
}
if (failures.length > opts.show) console.log('… and ' + (failures.length - opts.show) + ' more');

const secs = ((Date.now() - t0) / 1000).toFixed(1);
console.log('differential json-logic-js ' + jsonLogicVersion + ' vs ddcheck: seed ' +
  opts.seed + ', ' + cases.length + ' cases, ' + spawns + ' ddcheck runs, ' + secs + ' s');
console.log('  agree: ' + agreements + ' (both throw: ' + bothThrow + ')');
console.log('  known divergences: ' + classified);
for (const [k, n] of byClass) if (n) console.log('    ' + k + ': ' + n);
console.log('  unexplained: ' + failures.length);
console.log(agreements + classified + ' passed, ' + failures.length + ' failed');
process.exit(failures.length ? 1 : 0);
