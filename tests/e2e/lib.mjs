// tests/e2e/lib.mjs: what the browser journeys share (charts.mjs, desk.mjs,
// epcn.mjs, forms.mjs, home.mjs, network.mjs): TAP output, checks,
// axe-core's WCAG 2.0 to 2.2 A and AA rules on a page, watching a page for
// requests outside the app and script errors, a new page, opening, submitting and
// checking the frame of a page, screenshots, the NHS date input, and the run
// of a script (chromium started and closed).  State (the TAP count,
// failures, pages checked by axe) is this module's: a script reads it
// through the live bindings.
//
// Environment: E2E_URL, CHROME, TAP_FIRST, E2E_SCREENSHOTS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE = (process.env.E2E_URL || '').replace(/\/$/, '');
export const CHROME = process.env.CHROME || '/usr/bin/chromium';
export const SHOTS = process.env.E2E_SCREENSHOTS || '';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export let tapN = Number(process.env.TAP_FIRST || 1) - 1;
export let failures = 0;
export const out = (s) => process.stdout.write(s + '\n');

// One TAP line for fn: "ok", or "not ok" with the error's lines as
// comments.  Resolves to whether it passed.
export async function test(name, fn) {
  tapN++;
  try {
    await fn();
    out(`ok ${tapN} - ${name}`);
    return true;
  } catch (e) {
    failures++;
    out(`not ok ${tapN} - ${name}`);
    for (const line of String(e && e.message ? e.message : e).split('\n')) out(`# ${line}`);
    return false;
  }
}

export function check(cond, what) {
  if (!cond) throw new Error(what);
}

export function checkHas(text, want, what) {
  if (!text.includes(want)) throw new Error(`${what}: "${want}" not found in ${JSON.stringify(text.slice(0, 800))}`);
}

const axeSource = fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
export let axePages = 0;

// The known axe-core finding on nhsuk-frontend's file upload button (see
// tests/e2e/run.mjs, ACCEPTED): its name holds its visible text; axe-core
// joins the pieces without spaces.  Accepted on that element only.
const ACCEPTED = { rule: 'label-content-name-mismatch', selector: 'button.nhsuk-file-upload__drop-button' };

export async function axe(page) {
  if (await page.evaluate(() => typeof window.axe) !== 'object') await page.evaluate(axeSource);
  const r = await page.evaluate(async (tags) => {
    const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return res.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
  axePages++;
  const real = [];
  for (const v of r) {
    const accepted = v.id === ACCEPTED.rule && await page.evaluate((targets, sel) =>
      targets.every((t) => document.querySelector(t)?.matches(sel)), v.nodes, ACCEPTED.selector);
    if (!accepted) real.push(v);
  }
  if (real.length)
    throw new Error(`${real.length} WCAG 2.2 AA violation(s) on ${page.url()}:\n` +
      real.map((v) => `${v.id}: ${v.help}\n    ${v.nodes.slice(0, 8).join('\n    ')}`).join('\n'));
}

export function watch(page) {
  const seen = [];
  const origin = new URL(BASE).origin;
  const FRUTIGER = /^https:\/\/assets\.nhs\.uk\/fonts\//;
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !FRUTIGER.test(u)) seen.push(`request outside: ${u}`);
  });
  page.on('pageerror', (e) => seen.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    const t = m.text();
    if (m.type() !== 'error') return;
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(t)) return;
    if (/assets\.nhs\.uk\/fonts/.test(t)) return;
    seen.push(`console error: ${t}`);
  });
  return seen;
}

// A page in a new browser context (its own cookies: one user), 1,280 by 900
// pixels, 10 s for anything it waits on, its problems watched
// (page.problems).  Resolves to { ctx, page }.
export async function newPage(browser) {
  const ctx = await browser.createBrowserContext();
  const page = await ctx.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(10000);
  page.problems = watch(page);
  return { ctx, page };
}

export async function open(page, url) {
  page.problems.length = 0;
  return page.goto(BASE + url, { waitUntil: 'load' });
}

export async function submit(page, formSelector) {
  page.problems.length = 0;
  const [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.$eval(`${formSelector} button[type="submit"]`, (b) => b.click()),
  ]);
  return resp;
}

// What every page has: one h1, the title pattern, no problems loading.
export async function frame(page, resp, { status = 200, h1, error = false }) {
  check(resp, 'no response');
  check(resp.status() === status, `status ${resp.status()} of ${resp.url()}, expected ${status}`);
  const f = await page.evaluate(() => ({
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map((e) => e.innerText.trim()),
    main: document.querySelector('main')?.innerText || '',
    html: document.querySelector('main')?.innerHTML || '',
  }));
  check(f.h1.length === 1, `${f.h1.length} h1 elements`);
  if (h1) checkHas(f.h1[0], h1, 'h1');
  check(/ – PCN Ops$/.test(f.title), `title "${f.title}"`);
  check(f.title.startsWith('Error: ') === error, `title "${f.title}" and error ${error}`);
  check(page.problems.length === 0, 'problems while loading:\n' + page.problems.join('\n'));
  return f;
}

export async function step(page, name, fn) {
  await test(name, fn);
  await test(`axe-core finds no WCAG 2.2 AA violation: ${name}`, () => axe(page));
}

export async function shot(page, file) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
}

export async function setDate(page, id, d, m, y) {
  for (const [part, v] of [['day', d], ['month', m], ['year', y]]) {
    await page.$eval(`#${id}-${part}`, (e) => { e.value = ''; });
    await page.type(`#${id}-${part}`, String(v));
  }
}

export async function fill(page, sel, text) {
  await page.$eval(sel, (e) => { e.value = ''; });
  await page.type(sel, text);
}

// The run of a journey script (tests/e2e/NAME.mjs, started by
// tests/scripts/e2e_NAME.sh): without E2E_URL one "1..0 # SKIP" line;
// otherwise chromium starts (a test), journey(browser, tmp) runs with tmp a
// new folder (the browser's profile is tmp/profile), chromium is closed and
// tmp removed, then the line summary() gives (with summary), and the plan
// unless TAP_NO_PLAN.  Resolves to the exit status: 1 when a test failed.
export async function run(name, journey, summary) {
  if (!BASE) {
    out(`1..0 # SKIP E2E_URL is not set (run tests/scripts/e2e_${name}.sh)`);
    return 0;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `pcnops-e2e-${name}-`));
  let browser;
  await test('chromium starts (puppeteer-core, no download)', async () => {
    browser = await puppeteer.launch({
      executablePath: CHROME, headless: true, userDataDir: path.join(tmp, 'profile'),
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'], timeout: 20000,
    });
  });
  try {
    if (browser) await journey(browser, tmp);
  } finally {
    if (browser) await browser.close().catch(() => {});
    try {
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      out(`# could not remove ${tmp}: ${e.message}`);
    }
  }
  if (summary) out(`# ${summary()}`);
  if (!process.env.TAP_NO_PLAN) out(`1..${tapN}`);
  return failures ? 1 : 0;
}
