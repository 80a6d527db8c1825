// tests/e2e/lib.mjs: what the browser journeys share (desk.mjs, home.mjs,
// network.mjs): TAP output, checks, axe-core's WCAG 2.0 to 2.2 A and AA
// rules on a page, watching a page for requests outside the app and script
// errors, opening, submitting and checking the frame of a page, screenshots
// and the NHS date input.  State (the TAP count, failures, pages checked by
// axe) is this module's: a script reads it through the live bindings.
//
// Environment: E2E_URL, CHROME, TAP_FIRST, E2E_SCREENSHOTS.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE = (process.env.E2E_URL || '').replace(/\/$/, '');
export const CHROME = process.env.CHROME || '/usr/bin/chromium';
export const SHOTS = process.env.E2E_SCREENSHOTS || '';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export let tapN = Number(process.env.TAP_FIRST || 1) - 1;
export let failures = 0;
export const out = (s) => process.stdout.write(s + '\n');

export async function test(name, fn) {
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
