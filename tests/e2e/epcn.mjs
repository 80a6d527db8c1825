// tests/e2e/epcn.mjs: the pages issue 16 adds to, in Debian's chromium
// (puppeteer-core, offline), signed in as an admin through the real form:
// a PCN page with ODS's membership dates, a disagreement with a monthly
// publication (ODS trusted) and its members' CQC ratings in code order with
// the statement that the clinical director does not performance-manage
// them; practice pages with CQC's domains and "Not Rated"; the requests
// register linking a performance-management request to its practice; the
// import form with the two new kinds, also without JavaScript.  axe-core's
// WCAG 2.0 to 2.2 A and AA rules run on every page: any violation fails.
// Output is TAP on stdout.
//
// Environment (tests/scripts/e2e_epcn.sh sets them): E2E_URL, E2E_EMAIL,
// E2E_PASSWORD, CHROME, TAP_FIRST, TAP_NO_PLAN, E2E_SCREENSHOTS.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE = (process.env.E2E_URL || '').replace(/\/$/, '');
const EMAIL = process.env.E2E_EMAIL || '';
const PASSWORD = process.env.E2E_PASSWORD || '';
const CHROME = process.env.CHROME || '/usr/bin/chromium';
const SHOTS = process.env.E2E_SCREENSHOTS || '';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let tapN = Number(process.env.TAP_FIRST || 1) - 1;
let failures = 0;
const out = (s) => process.stdout.write(s + '\n');

async function test(name, fn) {
  tapN++;
  try {
    await fn();
    out(`ok ${tapN} - ${name}`);
  } catch (e) {
    failures++;
    out(`not ok ${tapN} - ${name}`);
    for (const line of String(e && e.message ? e.message : e).split('\n')) out(`# ${line}`);
  }
}

function check(cond, what) {
  if (!cond) throw new Error(what);
}

function checkHas(text, want, what) {
  if (!text.includes(want)) throw new Error(`${what}: "${want}" not found in ${JSON.stringify(text.slice(0, 800))}`);
}

const axeSource = fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
let axePages = 0;
// As tests/e2e/run.mjs: nhsuk-frontend's file upload button (the import form).
const ACCEPTED = { rule: 'label-content-name-mismatch', selector: 'button.nhsuk-file-upload__drop-button' };

async function axe(page) {
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

function watch(page) {
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

async function open(page, url) {
  page.problems.length = 0;
  return page.goto(BASE + url, { waitUntil: 'load' });
}

async function frame(page, resp, { status = 200, h1 }) {
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
  check(page.problems.length === 0, 'problems while loading:\n' + page.problems.join('\n'));
  return f;
}

async function shot(page, file) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
}

async function step(page, name, fn) {
  await test(name, fn);
  await test(`axe-core finds no WCAG 2.2 AA violation: ${name}`, () => axe(page));
}

async function journey(browser) {
  const ctx = await browser.createBrowserContext();
  const page = await ctx.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(10000);
  page.problems = watch(page);
  let resp, f;

  await test('an admin signs in', async () => {
    resp = await open(page, '/sign-in');
    await page.type('#email', EMAIL);
    await page.type('#password', PASSWORD);
    const [r] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.$eval('form[action="/sign-in"] button[type="submit"]', (b) => b.click()),
    ]);
    check(r.status() === 200, `status ${r.status()}`);
  });

  await step(page, 'the PCN page: ODS dates, the disagreement (ODS trusted), ratings as context', async () => {
    resp = await open(page, '/pcn/U10001');
    f = await frame(page, resp, { h1: 'NORTH PCN' });
    checkHas(f.main, 'Membership dates from ODS', 'ODS section');
    checkHas(f.main, 'PCN Ops trusts ODS', 'which it trusts');
    checkHas(f.main, 'does not performance-manage them', 'the statement');
    checkHas(f.main, 'not a ranking', 'no ranking');
    const rows = await page.$$eval('table', (ts) => {
      const t = ts.find((x) => x.querySelector('caption')?.innerText.includes('overall rating of each member'));
      return t ? [...t.querySelectorAll('tbody tr')].map((r) => r.cells[0].innerText.trim()) : null;
    });
    check(rows && rows.length >= 2, 'the ratings table');
    check(rows.join() === [...rows].sort().join(), `ratings not in code order: ${rows}`);
    check(!/\brank|league table|top practice/i.test(f.main.replace('are not a ranking', '')),
      'the page ranks practices');
    await shot(page, 'epcn-pcn.png');
  });

  await step(page, 'a practice page: the overall rating, the five key questions and ODS dates', async () => {
    resp = await open(page, '/practice/A10001');
    f = await frame(page, resp, { h1: 'NORTH SURGERY' });
    checkHas(f.main, 'Good, published 14 March 2019', 'overall');
    checkHas(f.main, 'Requires improvement', 'a domain');
    checkHas(f.main, 'Well-led', 'a domain');
    checkHas(f.main, '1 October 2019', 'ODS start');
    await shot(page, 'epcn-practice.png');
  });

  await step(page, 'a practice CQC has not rated, in CQC\'s words', async () => {
    resp = await open(page, '/practice/A10003');
    f = await frame(page, resp, { h1: 'HILL SURGERY' });
    checkHas(f.main, 'Not Rated, published 2 October 2026', 'Not Rated');
  });

  await step(page, 'a practice whose ODS membership the monthly files disagree with', async () => {
    resp = await open(page, '/practice/A10005');
    f = await frame(page, resp, { h1: 'NEW SURGERY' });
    checkHas(f.main, 'A monthly publication disagrees with ODS', 'the disagreement');
    checkHas(f.main, 'No CQC rating of this practice has been loaded', 'no rating');
  });

  await step(page, 'the requests register links the performance-management request to its practice', async () => {
    resp = await open(page, '/pcn/U10001/desk/requests');
    f = await frame(page, resp, {});
    checkHas(f.html, 'About the practice <a href="/practice/A10004">VALE PRACTICE</a>', 'the link');
  });

  await step(page, 'the import form offers the ePCN report and CQC ratings', async () => {
    resp = await open(page, '/import');
    f = await frame(page, resp, {});
    checkHas(f.main, 'ODS ePCN report (membership start and end dates)', 'epcn');
    checkHas(f.main, 'Care Quality Commission latest ratings', 'cqc');
  });
  await ctx.close();
}

async function main() {
  if (!BASE) {
    out('1..0 # SKIP E2E_URL is not set (run tests/scripts/e2e_epcn.sh)');
    return 0;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcnops-e2e-epcn-'));
  let browser;
  await test('chromium starts (puppeteer-core, no download)', async () => {
    browser = await puppeteer.launch({
      executablePath: CHROME, headless: true, userDataDir: path.join(tmp, 'profile'),
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'], timeout: 20000,
    });
  });
  try {
    if (browser) await journey(browser);
  } finally {
    if (browser) await browser.close().catch(() => {});
    try {
      fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      out(`# could not remove ${tmp}: ${e.message}`);
    }
  }
  out(`# axe-core: ${axePages} pages checked`);
  if (!process.env.TAP_NO_PLAN) out(`1..${tapN}`);
  return failures ? 1 : 0;
}

process.exitCode = await main();
