// Print check: Chromium prints every *.print.html under OUT_DIR to PDF with
// the page's own CSS page size (Playwright page.pdf: the same printToPDF path
// as `chromium --print-to-pdf`, and it renders @page margin boxes), then
// pdfinfo and `pdftotext -layout` must show: every page A4; every visible
// h1-h4 of the body in the text; on every page i of M the localized footer
// "Page i of M" (chosen by <html lang>).
// Usage: node print.mjs OUT_DIR [PDF_DIR]   (PDF_DIR keeps the PDFs)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errText, findFiles, launch, open, run, norm, withTimeout, FILE_TIMEOUT_MS } from './lib.mjs';

// "Page N of M" per primary language subtag of <html lang>.
const PAGE_OF = {
  en: (n, m) => `Page ${n} of ${m}`,
  da: (n, m) => `Side ${n} af ${m}`,
  sv: (n, m) => `Sida ${n} av ${m}`,
  nb: (n, m) => `Side ${n} av ${m}`,
  no: (n, m) => `Side ${n} av ${m}`,
  nn: (n, m) => `Side ${n} av ${m}`,
};
const A4 = [595.28, 841.89]; // points

const [outDir, keepDir] = process.argv.slice(2);
const files = findFiles(outDir, ['.print.html']);
if (files.length === 0) {
  console.error(`print: no *.print.html files under ${outDir}`);
  process.exit(1);
}
const pdfDir = keepDir || mkdtempSync(join(tmpdir(), 'policyc-print-'));

/** Problems found in one print page; an empty list means it passed. */
async function checkOne(context, f) {
  const problems = [];
  const page = await open(context, f.url);
  try {
    await page.emulateMedia({ media: 'print' });
    const { lang, headings } = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      headings: [...document.body.querySelectorAll('h1, h2, h3, h4')]
        .filter((h) => h.checkVisibility({ visibilityProperty: true }))
        .map((h) => h.textContent),
    }));
    const pdf = join(pdfDir, `${f.code}-${f.slug}.pdf`);
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });

    const info = await run('pdfinfo', ['-f', '1', '-l', '100000', pdf]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
    for (const [, n, w, h] of info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
      if (Math.abs(w - A4[0]) > 1 || Math.abs(h - A4[1]) > 1) problems.push(`page ${n} is ${w} x ${h} pt, not A4 (595 x 842)`);
    }

    const text = await run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-']);
    const flat = norm(text).toLocaleLowerCase();
    // Fallbacks: without spaces (letter-spacing can make pdftotext split
    // words) and without line-end hyphens (CSS hyphens: auto).
    const bare = flat.replace(/ /g, '');
    const unhyphenated = flat.replace(/-\s/g, '').replace(/ /g, '');
    for (const h of new Set(headings.map(norm).filter(Boolean))) {
      const want = h.toLocaleLowerCase();
      const wantBare = want.replace(/ /g, '');
      if (!flat.includes(want) && !bare.includes(wantBare) && !unhyphenated.includes(wantBare)) {
        problems.push(`heading missing from the PDF text: "${h}"`);
      }
    }

    const pageOf = PAGE_OF[lang.toLowerCase().split('-')[0]];
    if (!pageOf) problems.push(`no "Page N of M" pattern known for <html lang="${lang}">`);
    else {
      const sheets = text.split('\f');
      for (let i = 1; i <= pages; i++) {
        if (!norm(sheets[i - 1] ?? '').includes(pageOf(i, pages))) problems.push(`page ${i}: footer "${pageOf(i, pages)}" not found`);
      }
    }
    return { problems, pages, headings: headings.length };
  } finally {
    await page.close().catch(() => {});
  }
}

const { browser, context, blocked } = await launch();
let failed = 0;
for (const f of files) {
  let res;
  try {
    res = await withTimeout(checkOne(context, f), FILE_TIMEOUT_MS, f.rel);
  } catch (e) {
    res = { problems: [`could not check: ${errText(e)}`] };
  }
  if (res.problems.length) {
    failed += 1;
    for (const p of res.problems) console.error(`print: ${f.rel}: ${p}`);
  } else if (process.env.VERBOSE) {
    console.log(`print: ${f.rel}: ${res.pages} pages, ${res.headings} headings found`);
  }
}
await browser.close();
if (!keepDir) rmSync(pdfDir, { recursive: true, force: true });

for (const url of new Set(blocked)) console.error(`print: warning: blocked a network request to ${url}`);
console.log(failed === 0 ? `print: ${files.length} PDFs ok`
  : `print: ${files.length} PDFs, ${failed} failed -- FAILED`);
process.exit(failed === 0 ? 0 : 1);
