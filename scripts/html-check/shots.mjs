// Screenshots for review: for one policy in every locale, the standalone
// page full-length at 1280 px (desktop) and 390 px (phone, emulated as a
// mobile device, so a page wider than that is zoomed out as a phone would;
// that is reported as a warning), and pages 1 and 2 of its print version as
// PDF rendered by pdftoppm at 60 dpi. The
// policy is the first page of "en" (else of the first locale), found in the
// other locales through its <link rel="alternate" hreflang> links.
// Files: <code>-<slug>-desktop.png, -phone.png, -print-1.png, -print-2.png.
// Usage: node shots.mjs OUT_DIR SHOTS_DIR
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errText, findFiles, launch, open, run, withTimeout, FILE_TIMEOUT_MS } from './lib.mjs';

const [outDir, shotsDir] = process.argv.slice(2);
const pages = findFiles(outDir, ['.html'], ['.print.html', '.fragment.html']);
if (pages.length === 0) {
  console.error(`shots: no *.html pages under ${outDir}`);
  process.exit(1);
}
mkdirSync(shotsDir, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'policyc-shots-'));
const { browser, context, newContext } = await launch();
const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
const desktop = await newContext({ viewport: { width: 1280, height: 800 } });

// One page per locale, the same policy where the alternates say which.
const codes = [...new Set(pages.map((p) => p.code))];
const start = pages.find((p) => p.code === 'en') ?? pages[0];
const first = await open(context, start.url);
const alternates = await first.evaluate(() =>
  [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => decodeURI(l.href)));
await first.close();
const chosen = codes.map((code) =>
  code === start.code ? start
    : pages.find((p) => p.code === code && alternates.includes(decodeURI(p.url))) ?? pages.find((p) => p.code === code));

let shots = 0, failed = 0;
for (const f of chosen) {
  const base = join(shotsDir, `${f.code}-${f.slug}`);
  try {
    await withTimeout((async () => {
      for (const [ctx, kind] of [[desktop, 'desktop'], [phone, 'phone']]) {
        const page = await open(ctx, f.url);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        const want = ctx === phone ? 390 : 1280;
        if (wide > want) console.error(`shots: warning: ${f.rel}: ${wide} px wide at a ${want} px ${kind} viewport (something overflows horizontally)`);
        await page.screenshot({ path: `${base}-${kind}.png`, fullPage: true });
        await page.close();
        shots += 1;
      }
      const print = f.path.replace(/\.html$/, '.print.html');
      if (!existsSync(print)) return;
      const page = await open(context, f.url.replace(/\.html$/, '.print.html'));
      const pdf = join(tmp, `${f.code}-${f.slug}.pdf`);
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      await page.close();
      const count = Number(/^Pages:\s+(\d+)/m.exec(await run('pdfinfo', [pdf]))?.[1] ?? 0);
      for (let n = 1; n <= Math.min(2, count); n++) {
        await run('pdftoppm', ['-png', '-r', '60', '-f', `${n}`, '-l', `${n}`, '-singlefile', pdf, `${base}-print-${n}`]);
        shots += 1;
      }
    })(), FILE_TIMEOUT_MS, f.rel);
  } catch (e) {
    failed += 1;
    console.error(`shots: ${f.rel}: ${errText(e)}`);
  }
}
await browser.close();
rmSync(tmp, { recursive: true, force: true });
console.log(`shots: ${shots} PNGs in ${shotsDir}` + (failed ? `, ${failed} pages failed -- FAILED` : ''));
process.exit(failed ? 1 : 0);
