'use strict';
// Seeded generator of random JSON Logic rules and data documents for the differential test
// against json-logic-js (tests/differential/run.sh). Deterministic: the same seed and count give
// the same cases on every machine (mulberry32, no Math.random).
//
// Rules use only the classic operators (those json-logic-js 2 has): var (dot paths, indexes,
// defaults, computed keys), missing, missing_some, if, ==, ===, !=, !==, !, !!, or, and, >, >=,
// <, <= (with the three-argument between form), max, min, + - * / %, map, filter, reduce, all,
// none, some, merge, in, cat, substr. Arguments lean towards the type an operator expects, but
// every operator also gets values of every JSON type. No literal object with one key appears in a
// rule (both engines would read it as an operation); data documents hold every JSON type.
//
// Usage as a program: node gen.js [--seed N] [--count N]  (prints one {"rule","data"} per line)

function mulberry32(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeGen(seed) {
  const rnd = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const chance = (p) => rnd() < p;

  // ---- values ----
  const NUMS = [0, 1, 2, 3, -1, -2, 5, 10, 0.5, 2.5, -1.25, 1.1, 100, 7, 1e-3];
  const NUMERIC_STRINGS = ['0', '1', '2', '3', '-1', '2.5', ' 4 ', '1e2', '007', '0.1', '5'];
  const WORDS = ['', 'a', 'b', 'abc', 'Hello', 'hello world', 'A', 'ab', 'bc', 'x', 'é', 'naïve',
    '2024-01-01', '2024-12-31', 'true', 'null'];
  function num() {
    return chance(0.7) ? pick(NUMS) : int(-20, 20);
  }
  function str() {
    return chance(0.3) ? pick(NUMERIC_STRINGS) : pick(WORDS);
  }
  function scalar() {
    const r = rnd();
    if (r < 0.08) return null;
    if (r < 0.16) return chance(0.5);
    if (r < 0.55) return num();
    return str();
  }
  function value(depth) {
    const r = rnd();
    if (depth <= 0 || r < 0.6) return scalar();
    if (r < 0.8) {
      const n = int(0, 3);
      const a = [];
      for (let i = 0; i < n; i++) a.push(value(depth - 1));
      return a;
    }
    const o = {};
    const n = int(0, 3);
    for (let i = 0; i < n; i++) o[pick(['x', 'y', 'v', 'w'])] = value(depth - 1);
    return o;
  }
  function element() {
    // an element of "objs": objects with v (number), w (string), ok (bool), tags (array)
    const o = {};
    if (chance(0.9)) o.v = chance(0.85) ? num() : scalar();
    if (chance(0.8)) o.w = chance(0.85) ? str() : scalar();
    if (chance(0.7)) o.ok = chance(0.8) ? chance(0.5) : scalar();
    if (chance(0.5)) o.tags = arrayOf(str, 3);
    return o;
  }
  function arrayOf(f, max) {
    const n = int(0, max);
    const a = [];
    for (let i = 0; i < n; i++) a.push(f());
    return a;
  }
  const KEY_TARGETS = ['a', 'n', 's', 'obj.x', 'arr.1', 'nope', 'objs.0.v'];
  function data() {
    const r = rnd();
    if (r < 0.03) return null;
    if (r < 0.06) return arrayOf(scalar, 3);
    if (r < 0.08) return scalar();
    const d = {
      a: scalar(), b: scalar(), c: value(2),
      n: chance(0.9) ? num() : scalar(), m: chance(0.9) ? num() : scalar(),
      s: chance(0.9) ? str() : scalar(), t: chance(0.9) ? str() : scalar(),
      arr: arrayOf(num, 4), strs: arrayOf(str, 3), mixed: arrayOf(() => value(1), 4),
      obj: { x: scalar(), y: { z: scalar() }, arr: arrayOf(num, 3) },
      objs: arrayOf(element, 3), empty: [], nul: null, flag: chance(0.5),
      key: pick(KEY_TARGETS),
    };
    // drop a few keys so that missing/defaults have work to do
    for (const k of Object.keys(d)) if (chance(0.07)) delete d[k];
    if (chance(0.1)) d.arr = scalar();
    return d;
  }

  // ---- rules ----
  // Paths by context: 'top' reads the document, 'elem' an iteration's element, 'reduce' the
  // {current, accumulator} object of a reduce body.
  const PATHS = {
    top: {
      num: ['n', 'm', 'arr.0', 'arr.1', 'objs.0.v', 'obj.arr.0'],
      str: ['s', 't', 'strs.0', 'objs.1.w', 'key'],
      arr: ['arr', 'strs', 'mixed', 'objs', 'obj.arr', 'empty', 'objs.0.tags'],
      any: ['a', 'b', 'c', 'obj', 'obj.x', 'obj.y.z', 'nul', 'nope', 'obj.nope', 'a.b', 'c.x',
        'mixed.2', 'flag', 'arr.9', 'c.0'],
    },
    elem: {
      num: ['v', '', 'v'],
      str: ['w', '', 'tags.0'],
      arr: ['tags', ''],
      any: ['', 'ok', 'nope', 'v', '0', 'x'],
    },
    reduce: {
      num: ['current', 'accumulator', 'current.v'],
      str: ['current', 'accumulator', 'current.w'],
      arr: ['current.tags', 'current'],
      any: ['current', 'accumulator', 'current.ok', 'nope'],
    },
  };

  function literal(type) {
    switch (type) {
      case 'num': return chance(0.92) ? num() : scalar();
      case 'str': return chance(0.92) ? str() : scalar();
      case 'bool': return chance(0.8) ? chance(0.5) : scalar();
      case 'arr': {
        const f = pick([num, str, scalar]);
        return arrayOf(f, 3);
      }
      default: return chance(0.9) ? scalar() : arrayOf(scalar, 2);
    }
  }

  function varRule(type, ctx) {
    const p = PATHS[ctx];
    const path = chance(0.8) ? pick(p[type] || p.any) : pick(p.any);
    const r = rnd();
    if (r < 0.04 && ctx === 'top') return { var: { var: 'key' } }; // computed key
    if (r < 0.07 && (type === 'any' || type === 'arr')) return { var: [] }; // the whole data
    if (r < 0.45) return { var: path };
    if (r < 0.75) return { var: [path] };
    return { var: [path, literal(type)] };
  }

  const GROUPS = {
    num: ['+', '-', '*', '/', '%', 'max', 'min', 'reduce', 'if', 'var'],
    str: ['cat', 'substr', 'if', 'var', 'or'],
    bool: ['==', '===', '!=', '!==', '!', '!!', 'or', 'and', '>', '>=', '<', '<=', 'all', 'none',
      'some', 'in', 'if'],
    arr: ['map', 'filter', 'merge', 'missing', 'missing_some', 'var', 'if'],
  };
  const ALL_OPS = ['var', 'missing', 'missing_some', 'if', '==', '===', '!=', '!==', '!', '!!',
    'or', 'and', '>', '>=', '<', '<=', 'max', 'min', '+', '-', '*', '/', '%', 'map', 'filter',
    'reduce', 'all', 'none', 'some', 'merge', 'in', 'cat', 'substr'];

  function expr(type, depth, ctx) {
    if (depth <= 0 || chance(0.3)) return chance(0.5) ? literal(type) : varRule(type, ctx);
    let op;
    if (type === 'any' || chance(0.08)) op = pick(ALL_OPS);
    else op = pick(GROUPS[type]);
    return opRule(op, type, depth - 1, ctx);
  }

  function args(n, type, depth, ctx) {
    const a = [];
    for (let i = 0; i < n; i++) a.push(expr(type, depth, ctx));
    return a;
  }

  // a body for an iteration over an array of the given element kind
  function iteration(op, depth, ctx) {
    const src = chance(0.1) ? expr('any', depth, ctx) : expr('arr', depth, ctx);
    if (op === 'reduce') {
      const body = expr(chance(0.7) ? 'num' : 'any', depth, 'reduce');
      if (chance(0.8)) return [src, body, expr('num', depth, ctx)];
      return [src, body];
    }
    const bodyType = op === 'map' ? pick(['num', 'str', 'any']) : 'bool';
    return [src, expr(bodyType, depth, 'elem')];
  }

  function opRule(op, type, depth, ctx) {
    switch (op) {
      case 'var':
        return varRule(type === 'bool' ? 'any' : type, ctx);
      case 'missing': {
        const p = PATHS[ctx];
        const keys = arrayOf(() => pick(p.any.concat(p.num, p.str)), 3);
        const r = rnd();
        if (r < 0.15 && keys.length) return { missing: keys[0] };
        if (r < 0.25) return { missing: [{ merge: [keys, pick(p.any)] }] };
        return { missing: keys };
      }
      case 'missing_some': {
        const p = PATHS[ctx];
        const keys = arrayOf(() => pick(p.any.concat(p.num, p.str)), 4);
        return { missing_some: [int(0, 3), keys] };
      }
      case 'if': {
        const n = pick([1, 2, 3, 3, 3, 5, 5, 4]);
        const a = [];
        for (let i = 0; i < n; i++) a.push(i % 2 === 0 && i < n - 1 ? expr('bool', depth, ctx) : expr(type, depth, ctx));
        return { if: a };
      }
      case '==': case '===': case '!=': case '!==': {
        const t = pick(['num', 'str', 'any', 'bool']);
        if (chance(0.03)) return { [op]: [expr(t, depth, ctx)] }; // one operand
        if (op === '==' && chance(0.05)) return { [op]: args(3, t, depth, ctx) }; // a chain
        return { [op]: [expr(t, depth, ctx), expr(chance(0.7) ? t : 'any', depth, ctx)] };
      }
      case '>': case '>=': {
        const t = pick(['num', 'num', 'str', 'any']);
        if (chance(0.03)) return { [op]: [expr(t, depth, ctx)] }; // one operand
        if (chance(0.05)) return { [op]: args(3, t, depth, ctx) }; // a chain
        return { [op]: [expr(t, depth, ctx), expr(chance(0.8) ? t : 'any', depth, ctx)] };
      }
      case '<': case '<=': {
        const t = pick(['num', 'num', 'str', 'any']);
        const n = chance(0.3) ? 3 : 2; // the between form
        return { [op]: args(n, chance(0.85) ? t : 'any', depth, ctx) };
      }
      case '!': case '!!': {
        const x = expr('any', depth, ctx);
        // the unary shorthand {"!": x} only where x is not an array (an array would be the
        // argument list)
        return chance(0.3) && !Array.isArray(x) ? { [op]: x } : { [op]: [x] };
      }
      case 'or': case 'and':
        return { [op]: args(int(1, 4), chance(0.7) ? 'bool' : 'any', depth, ctx) };
      case 'max': case 'min': case '+': case '*':
        return { [op]: args(int(1, 4), chance(0.85) ? 'num' : 'any', depth, ctx) };
      case '-':
        return { [op]: args(chance(0.05) ? 3 : int(1, 2), chance(0.85) ? 'num' : 'any', depth, ctx) };
      case '/': case '%':
        return { [op]: args(chance(0.05) ? 3 : 2, chance(0.85) ? 'num' : 'any', depth, ctx) };
      case 'map': case 'filter': case 'reduce': case 'all': case 'none': case 'some':
        return { [op]: iteration(op, depth, ctx) };
      case 'merge': {
        const n = int(0, 3);
        const a = [];
        for (let i = 0; i < n; i++) a.push(expr(chance(0.7) ? 'arr' : 'any', depth, ctx));
        return { merge: a };
      }
      case 'in': {
        const hay = chance(0.5) ? expr('arr', depth, ctx) : expr(chance(0.85) ? 'str' : 'any', depth, ctx);
        return { in: [expr(chance(0.5) ? 'str' : 'any', depth, ctx), hay] };
      }
      case 'cat':
        return { cat: args(int(1, 4), chance(0.8) ? 'str' : 'any', depth, ctx) };
      case 'substr': {
        const a = [expr(chance(0.85) ? 'str' : 'any', depth, ctx), expr('num', depth, ctx)];
        if (chance(0.6)) a.push(expr('num', depth, ctx));
        return { substr: a };
      }
      default:
        throw new Error('unknown op ' + op);
    }
  }

  function rule() {
    // every case is one operation at the top, three levels deep at most
    const op = pick(ALL_OPS);
    return opRule(op, pick(['num', 'str', 'bool', 'arr', 'any']), int(1, 3), 'top');
  }

  return { rule, data };
}

// The cases for a seed: an array of {rule, data}. Case i depends only on (seed, i).
function generate(seed, count) {
  const cases = [];
  for (let i = 0; i < count; i++) {
    const g = makeGen((seed * 1000003 + i) >>> 0);
    cases.push({ rule: g.rule(), data: g.data() });
  }
  return cases;
}

module.exports = { generate };

if (require.main === module) {
  let seed = 20240601, count = 3000;
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seed') seed = Number(argv[++i]);
    else if (argv[i] === '--count') count = Number(argv[++i]);
  }
  for (const c of generate(seed, count)) process.stdout.write(JSON.stringify(c) + '\n');
}
