// tests/e2e/demo.mjs: the demo store of `make run` in Debian's chromium
// (puppeteer-core, offline): signed in as the demo clinical director, the
// demo PCN's ARRS position, staff register, claims, and the desk's
// overview, time, requests, stakeholders and supervision are populated and
// tagged "Demo data"; the census imports on the web (preview, confirm); the
// demo ICB account reaches its ICB.  axe-core's
// WCAG 2.0 to 2.2 A and AA rules run on each page.  Output is TAP.
//
// Environment (tests/scripts/e2e_demo.sh sets them): E2E_URL, E2E_PASSWORD,
// E2E_PCN, E2E_ICB, E2E_MONTH (last month, YYYY-MM), CHROME,
// E2E_SCREENSHOTS (a folder for full-page PNGs), TAP_FIRST, TAP_NO_PLAN.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BASE = (process.env.E2E_URL || '').replace(/\/$/, '');
const PASSWORD = process.env.E2E_PASSWORD || '';
const PCN = process.env.E2E_PCN || 'U18986';
const ICB = process.env.E2E_ICB || 'QRL';
const MONTH = process.env.E2E_MONTH || '';
const CHROME = process.env.CHROME || '/usr/bin/chromium';
const SHOTS = process.env.E2E_SCREENSHOTS || '';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const axeSource = fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

let n = Number(process.env.TAP_FIRST || 1) - 1, failures = 0;
const out = (s) => process.stdout.write(s + '\n');
async function test(name, fn) {
  n++;
  try { await fn(); out(`ok ${n} - ${name}`); } catch (e) {
    failures++;
    out(`not ok ${n} - ${name}`);
    for (const line of String(e && e.message ? e.message : e).split('\n')) out(`# ${line}`);
  }
}
function check(cond, what) { if (!cond) throw new Error(what); }
function has(text, want, what) {
  if (!text.includes(want)) throw new Error(`${what}: "${want}" not found in ${JSON.stringify(text.slice(0, 600))}`);
}

async function axe(page) {
  if (await page.evaluate(() => typeof window.axe) !== 'object') await page.evaluate(axeSource);
  const v = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((x) => `${x.id}: ${x.help} ${x.nodes.map((y) => y.target.join(' ')).slice(0, 5).join(', ')}`);
  }, AXE_TAGS);
  if (v.length) throw new Error(`WCAG 2.2 AA violations on ${page.url()}:\n${v.join('\n')}`);
}

async function signIn(page, email) {
  await page.goto(BASE + '/sign-in', { waitUntil: 'load' });
  await page.type('#email', email);
  await page.type('#password', PASSWORD);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    page.$eval('form[action="/sign-in"] button[type="submit"]', (b) => b.click())]);
}

// Every row of the tables captioned `tagged` is tagged as demo data.
async function allTagged(page, tagged) {
  for (const cap of tagged) {
    const r = await page.evaluate((c) => {
      const t = [...document.querySelectorAll('table')].find((x) => x.querySelector('caption')?.innerText.trim() === c);
      if (!t) return null;
      const rows = [...t.querySelectorAll('tbody tr')];
      return [rows.length, rows.filter((tr) => tr.innerText.includes('Demo data')).length];
    }, cap);
    check(r, `no table "${cap}"`);
    check(r[0] > 0 && r[0] === r[1], `table "${cap}": ${r[1]} of ${r[0]} rows tagged Demo data`);
  }
}

// Opens url, checks it answers 200 with each of `want` in <main> and every
// row of the `tagged` tables tagged, shoots it.
async function visit(page, name, url, want, shot, tagged = []) {
  await test(name, async () => {
    const resp = await page.goto(BASE + url, { waitUntil: 'load' });
    check(resp && resp.status() === 200, `status ${resp && resp.status()} of ${url}`);
    const main = await page.evaluate(() => document.querySelector('main')?.innerText || '');
    for (const w of want) has(main, w, name);
    await allTagged(page, tagged);
    if (SHOTS) {
      fs.mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
    }
  });
  await test(`axe-core finds no WCAG 2.2 AA violation: ${name}`, () => axe(page));
}

const browser = await puppeteer.launch({ executablePath: CHROME, headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await signIn(page, 'cd@demo.pcnops.invalid');
  const A = `/pcn/${PCN}/arrs`, D = `/pcn/${PCN}/desk`;
  await visit(page, 'the ARRS position', A, ['Demo data', 'Claimed'], 'arrs.png');
  await visit(page, 'the staff register', `${A}/staff`, ['Demo data', 'Clinical pharmacist', 'Staff 135910'], 'arrs-staff.png', ['Staff']);
  await visit(page, "last month's claims, drafted", `${A}/claims?month=${MONTH}`, ['Demo data', 'Draft'], 'arrs-claims.png', ['Claim lines']);
  await visit(page, 'the desk', D, ['Demo data'], 'desk.png');
  await visit(page, "the clinical director's time", `${D}/time`, ['Demo data', 'PCN board', 'ICB primary care meeting'], 'desk-time.png', ['Activities']);
  await visit(page, 'the requests', `${D}/requests`, ['Demo data', 'winter access plan'], 'desk-requests.png', ['Requests']);
  await visit(page, 'the stakeholders, with the MPs', `${D}/stakeholders`, ['Demo data', 'Satvir Kaur MP', 'Darren Paffey MP'], 'desk-people.png',
    ['Stakeholders', 'Meetings and contacts, overdue follow-ups first']);
  await visit(page, 'the supervision', `${D}/supervision`, ['Demo data', 'Overdue'], 'desk-supervision.png', ['Supervision overdue', 'ARRS staff in post']);
  // The workforce census imported on the web: checked, previewed, confirmed.
  await test('the census imported on the web: the preview says what would change', async () => {
    await page.goto(`${BASE}/pcn/${PCN}/import?kind=census`, { waitUntil: 'load' });
    await page.click('input[value="census"]');
    const input = await page.$('#file');
    await input.uploadFile(path.join(root, 'data/nhs/pcn-workforce-individual-2026-06.csv.gz'));
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.$eval('form[enctype="multipart/form-data"] button[type="submit"]', (b) => b.click())]);
    const main = await page.evaluate(() => document.querySelector('main')?.innerText || '');
    has(main, 'Check what would change', 'preview');
    has(main, '39940 rows, 25 of them U18986\'s; 0 ARRS posts added, 10 already in the register', 'preview');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'import-preview.png'), fullPage: true });
  });
  await test('axe-core finds no WCAG 2.2 AA violation: the import preview', () => axe(page));
  await test('the census import confirmed', async () => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.$eval('form[action$="/import/confirm"] button[type="submit"]', (b) => b.click())]);
    const main = await page.evaluate(() => document.querySelector('main')?.innerText || '');
    has(main, 'File imported', 'confirmed');
  });
  const p2 = await (await browser.createBrowserContext()).newPage();
  await p2.setViewport({ width: 1280, height: 900 });
  await signIn(p2, 'icb@demo.pcnops.invalid');
  await visit(p2, "the ICB's page for the demo ICB account", `/icb/${ICB}`, [PCN], 'icb.png');
} finally {
  await browser.close();
}
if (!process.env.TAP_NO_PLAN) out(`1..${n}`);
process.exit(failures ? 1 : 0);
