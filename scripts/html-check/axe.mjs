// axe-core accessibility check: loads every standalone page (*.html and
// *.print.html, not *.fragment.html) under OUT_DIR in Debian's Chromium via
// a file:// URL, injects axe.min.js, runs axe.run() with the default rules,
// and fails on any violation, printing id, impact, help and the offending
// elements. Usage: node axe.mjs OUT_DIR
import { createRequire } from 'node:module';
import { errText, findFiles, launch, open, withTimeout, FILE_TIMEOUT_MS } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const MAX_NODES = 8; // offending elements printed per violation

const outDir = process.argv[2];
const files = findFiles(outDir, ['.html'], ['.fragment.html']);
if (files.length === 0) {
  console.error(`axe: no *.html pages under ${outDir}`);
  process.exit(1);
}

const { browser, context, blocked } = await launch();
let violations = 0, review = 0, broken = 0;
for (const f of files) {
  let page;
  try {
    const res = await withTimeout((async () => {
      page = await open(context, f.url);
      await page.addScriptTag({ path: AXE });
      return page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    })(), FILE_TIMEOUT_MS, f.rel);
    review += res.incomplete.length;
    for (const v of res.violations) {
      violations += 1;
      console.error(`axe: ${f.rel}: ${v.id} (${v.impact}): ${v.help}`);
      for (const n of v.nodes.slice(0, MAX_NODES)) console.error(`    at ${n.target.join(' ')}`);
      if (v.nodes.length > MAX_NODES) console.error(`    ... and ${v.nodes.length - MAX_NODES} more`);
      console.error(`    see ${v.helpUrl}`);
    }
  } catch (e) {
    broken += 1;
    console.error(`axe: ${f.rel}: could not check: ${errText(e)}`);
  } finally {
    await page?.close().catch(() => {});
  }
}
await browser.close();

for (const url of new Set(blocked)) console.error(`axe: warning: blocked a network request to ${url}`);
const ok = violations === 0 && broken === 0;
console.log(`axe: ${files.length} pages, ${violations} violations` +
  (broken ? `, ${broken} pages not checked` : '') + (review ? ` (${review} results need manual review)` : '') +
  (ok ? '' : ' -- FAILED'));
process.exit(ok ? 0 : 1);
