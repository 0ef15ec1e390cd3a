// Browser tests of `policyc serve`, in Debian's Chromium through
// playwright-core, on a copy of the shipped examples (a git repository with
// a reviewer configured):
//   - editing a translation repaints the page (and how long it takes:
//     save -> repainted page, median and worst of RUNS saves),
//   - a syntax error gives a marker on its section while the page stays,
//   - a stale reference shows its word diff in the review view,
//   - approving it in the browser records it in policyc.lock and
//     `policyc check` passes again,
//   - a change without the token, with a foreign Origin or Host is 403,
//   - keyboard-only: Tab reaches the approve buttons, Enter approves,
//   - axe-core finds no violations on the page, the review view and the index,
//   - screenshots of each state, desktop and 390 px, into SHOTS_DIR.
// Usage: node preview.mjs POLICYC_BIN REPO_ROOT SHOTS_DIR [RUNS] [--bench]
// With --bench only the repaint is timed (scripts/bench-preview.sh): a
// speed figure comes from that benchmark, never from this test's run.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { CHROMIUM } from './lib.mjs';

const [bin, root, shots, runsArg, mode] = process.argv.slice(2);
const BENCH = mode === '--bench';
const RUNS = Number(runsArg || 20);
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
mkdirSync(shots, { recursive: true });

let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};

// The workspace: the shipped examples in a fresh git repository.
const ws = mkdtempSync(join(tmpdir(), 'policyc-preview-'));
for (const d of ['policies', 'locales', 'templates']) cpSync(join(root, d), join(ws, d), { recursive: true });
for (const f of ['policyc.toml', 'policyc.lock']) cpSync(join(root, f), join(ws, f));
execFileSync('git', ['init', '-q', ws]);
execFileSync('git', ['-C', ws, 'config', 'user.name', 'Preview Test']);
execFileSync('git', ['-C', ws, 'config', 'user.email', 'preview@example.invalid']);
const ftl = (p) => join(ws, 'locales', p);
const edit = (p, f) => writeFileSync(ftl(p), f(readFileSync(ftl(p), 'utf8')));

const server = spawn(bin, ['-C', ws, 'serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const base = await new Promise((resolve, reject) => {
  let err = '';
  server.stderr.on('data', (b) => {
    err += b;
    const m = /serving on (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
    if (m) resolve(m[1]);
  });
  server.on('exit', () => reject(new Error(`serve exited: ${err}`)));
});
const port = new URL(base).port;
const PAGE = '/da/behandling-af-personoplysninger.html';
const REVIEW = '/__policyc/review/privacy/da';

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
const page = await desktop.newPage();
page.on('dialog', (d) => d.accept());

async function shoot(name, path) {
  await page.screenshot({ path: join(shots, `preview-${name}-desktop.png`), fullPage: true });
  const p = await phone.newPage();
  await p.goto(base + (path || new URL(page.url()).pathname));
  await p.screenshot({ path: join(shots, `preview-${name}-390.png`), fullPage: true });
  // No word broken in the middle: every table cell's words fit.
  const broken = await p.evaluate(() => [...document.querySelectorAll('td, th')].filter((c) => c.scrollWidth > c.clientWidth + 1).length);
  check(broken === 0, `${name}: at 390 px no table cell overflows (${broken})`);
  await p.close();
}

/** With GUIDE_DIR set, a screen-sized picture for docs/preview.md, with
 *  `locator` scrolled into view. */
async function guide(name, locator) {
  if (!process.env.GUIDE_DIR) return;
  await page.setViewportSize({ width: 1100, height: 640 });
  if (locator) await locator.first().evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(process.env.GUIDE_DIR, `preview-${name}.png`) });
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function axe(name) {
  await page.addScriptTag({ path: AXE });
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of r.violations) console.log(`     axe ${name}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`);
  check(r.violations.length === 0, `${name}: axe-core finds no violations`);
}

/** Saves an edit and waits for the page to repaint with `marker`; ms. */
async function saveAndSee(edit_, marker) {
  await page.evaluate((m) => {
    window.__seen = new Promise((resolve) => {
      document.addEventListener('policyc:repainted', function on() {
        if (document.body.textContent.includes(m)) { document.removeEventListener('policyc:repainted', on); resolve(); }
      });
    });
  }, marker);
  const start = performance.now();
  edit_();
  const late = new Promise((_, reject) => setTimeout(() => reject(new Error(`no repaint showing ${marker} within 20 s`)), 20000));
  await Promise.race([page.evaluate(() => window.__seen), late]);
  return Math.round(performance.now() - start);
}

function raw(method, path, headers, body = '') {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { 'Content-Length': Buffer.byteLength(body), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

try {
  // The index and the page.
  await page.goto(base + '/');
  check(await page.locator('a[href$=".md"]').count() > 0 && await page.locator('a[href$=".pdf"]').count() > 0, 'index links every format');
  await axe('index');
  await shoot('index', '/');
  await page.goto(base + PAGE);
  check(await page.locator('nav.pc-bar').evaluate((n) => n === document.body.firstElementChild), 'the bar is first on the page');
  await axe('page');
  await shoot('page');

  // Edit -> repaint, timed.
  const original = readFileSync(ftl('da/privacy.ftl'), 'utf8');
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const marker = `Om os ${i}`;
    times.push(await saveAndSee(() => writeFileSync(ftl('da/privacy.ftl'), original.replace('company = Om os', `company = ${marker}`)), marker));
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`     repaint after save: median ${median} ms, worst ${times[times.length - 1]} ms over ${RUNS} saves`);
  check(times.length === RUNS, 'editing a translation repaints the page, every time');
  if (BENCH) {
    console.log(JSON.stringify({ runs: RUNS, median, worst: times[times.length - 1], times }));
    throw 'bench done';
  }

  // Syntax error: marker on the cookies section, the rest stays.
  await saveAndSee(() => edit('da/privacy.ftl', (s) => s.replace('cookies = Cookies', 'cookies = { Cookies')), 'ftl-syntax');
  const marker = page.locator('#cookies .pc-marker', { hasText: 'ftl-syntax' });
  check(await marker.count() === 1, 'a syntax error is a marker in its section');
  check(await page.locator('#company').count() === 1 && await page.locator('.pc-lastgood').count() === 1, 'the rest of the page stays, built as far as it can be');
  await guide('marker', marker);
  await axe('page with findings');
  await shoot('syntax-error');
  writeFileSync(ftl('da/privacy.ftl'), original);

  // Stale reference: word diff in the review view.
  edit('en/privacy.ftl', (s) => s.replace('How our website uses cookies', 'How our own website uses cookies'));
  await page.goto(base + REVIEW);
  await page.waitForFunction(() => document.querySelector('#row-cookies-pointer ins'), null, { timeout: 20000 });
  check((await page.locator('#row-cookies-pointer ins').textContent()).includes('own'), 'the review view shows the word diff of a stale reference');
  await guide('review', page.locator('#row-cookies-pointer'));
  await axe('review view');
  await shoot('review-stale');

  // Forged requests.
  const body = JSON.stringify({ policy: 'privacy', locale: 'da', keys: ['cookies.pointer'], unchanged: true });
  const token = await page.locator('meta[name=policyc-token]').getAttribute('content');
  const json = { 'Content-Type': 'application/json' };
  const own = { Host: `127.0.0.1:${port}`, Origin: base };
  check(await raw('POST', '/__policyc/approve', { ...json, ...own }, body) === 403, 'a change without the token is refused (403)');
  check(await raw('POST', '/__policyc/approve', { ...json, ...own, Origin: 'http://evil.example', 'X-Policyc-Token': token }, body) === 403, 'a change with a foreign Origin is refused (403)');
  check(await raw('POST', '/__policyc/approve', { ...json, ...own, Host: 'evil.example', 'X-Policyc-Token': token }, body) === 403, 'a change with a foreign Host is refused (403)');
  check(await raw('GET', REVIEW, { Host: `rebind.example:${port}` }) === 403, 'a page for a foreign Host is refused (403)');

  // Keyboard only: Tab to the block's approve button, Enter; the dialog
  // (stale but unchanged) is accepted.
  const target = page.locator('#row-cookies-pointer button.pc-approve');
  let reached = false;
  for (let i = 0; i < 400 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await target.evaluate((b) => b === document.activeElement);
  }
  check(reached, 'Tab reaches the approve button of a text');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /approved/.test(document.getElementById('pc-status').textContent), null, { timeout: 20000 });
  const lock = readFileSync(join(ws, 'policyc.lock'), 'utf8');
  check(/"cookies\.pointer" = \{[^}]*by = "Preview Test <preview@example\.invalid>"/.test(lock), 'approving records the sign-off in policyc.lock');
  let ok = true;
  try { execFileSync(bin, ['-C', ws, 'check', '--locale', 'da'], { stdio: 'pipe' }); } catch (e) { ok = false; console.log(String(e.stderr)); }
  check(ok, 'policyc check --locale da passes after the approval');
  await page.waitForFunction(() => document.querySelector('#row-cookies-pointer .pc-state-ok'), null, { timeout: 20000 });
  await guide('approved', page.locator('#row-cookies-pointer'));
  await shoot('review-approved');

  // The print view with screen margins.
  await page.goto(base + '/da/behandling-af-personoplysninger.print.html');
  const left = await page.evaluate(() => document.querySelector('main').getBoundingClientRect().left);
  check(left >= 16, `the print view has a screen margin (${left} px)`);
  await shoot('print');
  const md = await fetch(base + '/da/behandling-af-personoplysninger.md');
  check(md.status === 200 && md.headers.get('content-type').startsWith('text/plain'), 'Markdown is served as text');
  const pdf = await fetch(base + '/da/behandling-af-personoplysninger.pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  check(pdf.status === 200 && pdf.headers.get('content-type') === 'application/pdf' && bytes.subarray(0, 5).toString() === '%PDF-', `the PDF is served as PDF (${pdf.status})`);
} catch (e) {
  if (e !== 'bench done') {
    console.log(`FAIL ${e.stack || e}`);
    failures++;
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(ws, { recursive: true, force: true });
}
console.log(`preview: ${failures} failure(s)`);
process.exit(failures ? 1 : 0);
