// Drives headless Chromium over the DevTools protocol (npm chrome-remote-interface) for
// tests/cli/html_browser.sh and bench/html_open.sh. Not a test itself.
//
//   node html_page.js CHROMIUM load FILE.html
//     opens the page; prints one JSON line: ms from navigation to the load event, the heatmap
//     rows and project sections in the DOM, and the details note's text.
//   node html_page.js CHROMIUM print FILE.html PAPER OUT.pdf     (PAPER: a4 or letter)
//     lays the page out as print media at the paper's content width and prints one JSON line:
//     the elements whose box leaves the page box or whose content is clipped (scrollWidth past
//     clientWidth where overflow hides it), the headings' texts, the first page's provenance;
//     then prints the page to OUT.pdf on that paper.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const CDP = require('chrome-remote-interface');

const [chromium, mode, file, paper, pdf] = process.argv.slice(2);
// Paper in inches; the page margin is the report's own @page margin (14 mm).
const PAPERS = { a4: [8.27, 11.69], letter: [8.5, 11] };
const MARGIN_IN = 14 / 25.4;

function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ddcheck-cdp-'));
  const proc = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${profile}`, '--remote-debugging-port=0', '--window-size=1280,1600',
    'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr.on('data', d => {
      err += d;
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (m) resolve({ proc, port: Number(m[1]), profile });
    });
    proc.on('exit', code => reject(new Error(`chromium exited ${code}: ${err.slice(-500)}`)));
  });
}

async function main() {
  const { proc, port, profile } = await launch();
  let client;
  try {
    const target = await CDP.New({ port });
    client = await CDP({ port, target });
    const { Page, Runtime, Emulation } = client;
    await Page.enable();
    const url = 'file://' + path.resolve(file);
    const loaded = Page.loadEventFired();
    const t0 = Date.now();
    await Page.navigate({ url });
    await loaded;
    const loadMs = Date.now() - t0;
    const evaluate = async expr =>
      (await Runtime.evaluate({ expression: expr, returnByValue: true })).result.value;
    if (mode === 'load') {
      const dom = await evaluate(`({
        rows: document.querySelectorAll('table.heatmap tbody tr').length,
        sections: document.querySelectorAll('section.project').length,
        links: document.querySelectorAll('table.heatmap tbody th a').length,
        note: (document.getElementById('details-note') || {}).textContent || ''})`);
      console.log(JSON.stringify({ loadMs, ...dom }));
      return;
    }
    const [w, h] = PAPERS[paper];
    const width = Math.floor((w - 2 * MARGIN_IN) * 96);
    await Emulation.setEmulatedMedia({ media: 'print' });
    await Emulation.setDeviceMetricsOverride({ width, height: 1000, deviceScaleFactor: 1, mobile: false });
    const boxes = await evaluate(`(() => {
      const width = ${width}, out = [];
      const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
      for (const e of document.body.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const s = getComputedStyle(e);
        if (r.left < -0.5 || r.right > width + 0.5)
          out.push({ el: name(e), why: 'outside the page box', left: r.left, right: r.right });
        else if (/(hidden|clip|auto|scroll)/.test(s.overflowX) && e.scrollWidth > e.clientWidth + 1)
          out.push({ el: name(e), why: 'content clipped', scrollWidth: e.scrollWidth, clientWidth: e.clientWidth });
      }
      const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5')].map(e => e.textContent.trim());
      const prov = (document.querySelector('header.top .prov') || {}).textContent || '';
      return { width, offenders: out.slice(0, 20), offenderCount: out.length, headings, prov };
    })()`);
    const printed = await Page.printToPDF({ paperWidth: w, paperHeight: h, printBackground: true,
      preferCSSPageSize: false, marginTop: 0, marginBottom: 0, marginLeft: 0, marginRight: 0 });
    fs.writeFileSync(pdf, Buffer.from(printed.data, 'base64'));
    console.log(JSON.stringify({ loadMs, ...boxes }));
  } finally {
    if (client) await client.close();
    const exited = new Promise(resolve => proc.on('exit', resolve));
    proc.kill();
    await exited;
    // Chromium's helper processes may still write into the profile for a moment after the
    // browser exits (ENOTEMPTY): retry, and never let the clean-up decide the test.
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      console.error(`note: ${profile} left behind: ${e.code || e}`);
    }
  }
}

main().catch(e => { console.error(String(e && e.stack || e)); process.exit(1); });
