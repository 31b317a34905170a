// The peer: node csv-parse + json-logic-js scoring the same checklist on the same rows, with
// ddcheck's typing and scoring (DESIGN.md), writing summary lines (key,file,line,score,verdict,
// not_met). Plain JSON Logic: an absent or invalid cell is null, so on rows with empty cells the
// outcomes differ from ddcheck's three-valued ones by design; bench/run.sh compares only the
// rows where every field a rule reads is present and valid.
//
//   node bench/jsonlogic.js CHECKLIST.json ROWS.csv OUT.csv [COMPLETE.txt]
//
// COMPLETE.txt (optional) receives the keys of the rows where every field a rule reads is
// present and valid, one per line. Needs json-logic-js and csv-parse on NODE_PATH.
'use strict';
const fs = require('fs');
const jsonLogic = require('json-logic-js');
const { parse } = require('csv-parse');

const [checklistPath, csvPath, outPath, completePath] = process.argv.slice(2);
const cl = JSON.parse(fs.readFileSync(checklistPath, 'utf8'));
const fieldNames = Object.keys(cl.fields);

// The fields a rule or applies_if reads (top-level vars naming a declared field).
function varsOf(rule, into) {
  if (Array.isArray(rule)) { rule.forEach((r) => varsOf(r, into)); return; }
  if (rule === null || typeof rule !== 'object') return;
  for (const [op, args] of Object.entries(rule)) {
    if (op === 'var') {
      const name = Array.isArray(args) ? args[0] : args;
      if (typeof name === 'string' && cl.fields[name]) into.add(name);
    } else {
      varsOf(args, into);
    }
  }
}
const read = new Set();
const reqs = [];
const crits = [];
for (const cr of cl.criteria) {
  // A criterion's floor: its own min_score, else the checklist's min_criterion_score, else 0.
  const floor = cr.min_score !== undefined ? cr.min_score : (cl.min_criterion_score || 0);
  const c = { weight: cr.weight, floor, reqs: [] };
  for (const r of cr.requirements) {
    varsOf(r.rule, read);
    if (r.applies_if) varsOf(r.applies_if, read);
    const q = { id: r.id, critical: !!r.critical, rule: r.rule, applies: r.applies_if || null };
    c.reqs.push(q);
    reqs.push(q);
  }
  crits.push(c);
}

// Cell typing as ddcheck's evaluator/cell.c: returns the value, null when absent, INVALID when
// it does not fit.
const INVALID = Symbol('invalid');
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(['yes', 'true', 'y', '1']);
const FALSE = new Set(['no', 'false', 'n', '0']);
const typers = {};
for (const [name, f] of Object.entries(cl.fields)) {
  const canon = new Map((f.values || []).map((v) => [v.toLowerCase(), v]));
  const bounds = (d) => (f.min !== undefined && d < f.min) || (f.max !== undefined && d > f.max);
  let t;
  switch (f.type) {
    case 'text': t = (s) => s; break;
    case 'boolean': t = (s) => { const l = s.toLowerCase(); return TRUE.has(l) ? true : FALSE.has(l) ? false : INVALID; }; break;
    case 'number': case 'integer': case 'percent': t = (s) => {
      if (f.type === 'percent' && s.endsWith('%')) s = s.slice(0, -1).trimEnd();
      if (s.length >= 64 || !NUMBER.test(s)) return INVALID;
      const d = Number(s);
      if (!Number.isFinite(d)) return INVALID;
      if (f.type === 'integer' && (!Number.isInteger(d) || s.includes('.'))) return INVALID;
      if (f.type === 'percent' && (d < 0 || d > 100)) return INVALID;
      return bounds(d) ? INVALID : d === 0 ? 0 : d;
    }; break;
    case 'list': t = (s) => {
      const items = [];
      for (let item of s.split(';')) {
        item = item.trim();
        if (!item) continue;
        if (canon.size) { item = canon.get(item.toLowerCase()); if (item === undefined) return INVALID; }
        items.push(item);
      }
      return items.length ? items : null;
    }; break;
    case 'enum': t = (s) => { const v = canon.get(s.toLowerCase()); return v === undefined ? INVALID : v; }; break;
    case 'date': t = (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s) ? s : INVALID); break;
    default: t = () => INVALID;
  }
  typers[name] = t;
}
const TRIM = /^[ \t\r\n\v\f]+|[ \t\r\n\v\f]+$/g;

// As reports/escape.c escape_csv: quoted when it holds , " ; or a line end, or starts like a
// spreadsheet formula (then also prefixed with ').
function csvCell(s) {
  const formula = /^[=+\-@\t\r]/.test(s);
  if (!formula && !/[",;\n\r]/.test(s)) return s;
  return '"' + (formula ? "'" : '') + s.replace(/"/g, '""') + '"';
}

const out = fs.openSync(outPath, 'w');
const complete = completePath ? fs.openSync(completePath, 'w') : null;
let chunk = ['key,file,line,score,verdict,not_met\n'];
let completeChunk = [];
let chunkLen = 0;
function flush() {
  fs.writeSync(out, chunk.join(''));
  chunk = [];
  chunkLen = 0;
  if (complete && completeChunk.length) { fs.writeSync(complete, completeChunk.join('')); completeChunk = []; }
}

let columns = null;
let keyColumn = -1;
let nextLine = 1;
const parser = fs.createReadStream(csvPath).pipe(parse({ info: true, relax_column_count: true, bom: true }));
parser.on('data', ({ record, info }) => {
  const line = nextLine;
  nextLine = info.lines + 1;
  if (!columns) {
    columns = record.map((name) => (typers[name.trim()] ? name.trim() : null));
    keyColumn = columns.indexOf(cl.key);
    return;
  }
  const data = {};
  let isComplete = true;
  for (let c = 0; c < columns.length; c++) {
    const name = columns[c];
    if (!name) continue;
    const s = (record[c] || '').replace(TRIM, '');
    const v = s === '' ? null : typers[name](s);
    if (v === null || v === INVALID) {
      data[name] = null;
      if (read.has(name)) isComplete = false;
    } else {
      data[name] = v;
    }
  }
  const key = (record[keyColumn] || '').replace(/^[ \t]+|[ \t]+$/g, '');
  let weighted = 0;
  let weights = 0;
  let criticalFailed = false;
  let floorFailed = false;
  const notMet = [];
  for (const c of crits) {
    let applicable = 0;
    let satisfied = 0;
    for (const q of c.reqs) {
      if (q.applies && !jsonLogic.truthy(jsonLogic.apply(q.applies, data))) continue;
      applicable++;
      if (jsonLogic.truthy(jsonLogic.apply(q.rule, data))) {
        satisfied++;
      } else {
        notMet.push(q.id);
        if (q.critical) criticalFailed = true;
      }
    }
    if (applicable) {
      if (100 * satisfied < c.floor * applicable) floorFailed = true;
      weighted += c.weight * (satisfied / applicable);
      weights += c.weight;
    }
  }
  const scored = weights > 0;
  const score = scored ? Math.round((100 * weighted) / weights * 10) / 10 : 0;
  const verdict = scored && score >= cl.pass_score && !criticalFailed && !floorFailed ? 'pass' : 'gap';
  const s = csvCell(key) + ',' + csvCell(csvPath) + ',' + line + ',' + (scored ? score.toFixed(1) : '') + ',' + verdict + ',' + csvCell(notMet.join(';')) + '\n';
  chunk.push(s);
  chunkLen += s.length;
  if (isComplete && complete) completeChunk.push(key + '\n');
  if (chunkLen > 1 << 16) flush();
});
parser.on('end', () => { flush(); fs.closeSync(out); if (complete) fs.closeSync(complete); });
parser.on('error', (e) => { console.error('jsonlogic.js: ' + e.message); process.exit(2); });
