// Shared helpers for the policyc HTML checks (axe.mjs, print.mjs, shots.mjs):
// finding the generated files, launching Debian's Chromium headless with no
// network (only file:// loads are let through), per-file time limits, and
// running poppler's command-line tools.
import { chromium } from 'playwright-core';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const FILE_TIMEOUT_MS = 60_000; // hard limit for all work on one file
export const LOAD_TIMEOUT_MS = 30_000; // page loads and single browser actions

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // Belt and braces for "no network": no host name resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

/** Every file under dir whose name ends with one of suffixes, sorted, with its
 *  locale code (first folder below dir) and slug (name without the suffix). */
export function findFiles(dir, suffixes, exclude = []) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (suffixes.some((s) => e.name.endsWith(s)) && !exclude.some((s) => e.name.endsWith(s))) out.push(p);
    }
  };
  walk(dir);
  return out.sort().map((path) => {
    const rel = relative(dir, path);
    const parts = rel.split(sep);
    const name = parts[parts.length - 1];
    const suffix = suffixes.filter((s) => name.endsWith(s)).sort((a, b) => b.length - a.length)[0];
    return {
      path, rel, url: pathToFileURL(path).href,
      code: parts.length > 1 ? parts[0] : 'root',
      slug: name.slice(0, name.length - suffix.length),
    };
  });
}

/** Launches Chromium (a fresh temporary profile each time: Playwright makes
 *  one) and a context in which any request other than file:, data:, blob:
 *  or about: is aborted; newContext(options) makes more such contexts (for
 *  other viewports). blocked collects the URLs that were stopped. */
export async function launch() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: LOAD_TIMEOUT_MS });
  const blocked = [];
  const newContext = async (options = {}) => {
    const context = await browser.newContext(options);
    context.setDefaultTimeout(LOAD_TIMEOUT_MS);
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (/^(file|data|blob|about):/.test(url)) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    return context;
  };
  return { browser, context: await newContext(), newContext, blocked };
}

/** Opens url in a new page and waits for load and web fonts. */
export async function open(context, url) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
  await page.evaluate(() => document.fonts.ready.then(() => true));
  return page;
}

/** Settles like promise, or rejects after ms with a message naming label. */
export function withTimeout(promise, ms, label) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Runs a command (no shell), resolving to its stdout; rejects on non-zero exit. */
export function run(cmd, args, timeoutMs = LOAD_TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}${stderr ? `\n${stderr.trim()}` : ''}`));
      else resolve(stdout);
    });
  });
}

/** Whitespace-normalised, NFKC-folded text (ligatures and non-breaking
 *  spaces become plain letters and spaces; soft hyphens are dropped). */
export function norm(s) {
  return s.normalize('NFKC').replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim();
}

/** An error's message without terminal colour codes (Playwright adds them). */
export function errText(e) {
  return String(e?.message ?? e).replace(/\x1b\[[0-9;]*m/g, '').trim();
}
