// tests/e2e/run.mjs: the end-to-end test of the web application, in Debian's
// chromium driven by puppeteer-core, offline (no browser is downloaded).
//
// It signs in through the real form, opens the home, ICB, PCN and practice
// pages, uploads a bad file and reads the error summary, checks that pages
// work with JavaScript turned off, and runs axe-core's WCAG 2.0 to 2.2 A and
// AA rules on every page it visits: any violation fails (one known false
// finding on nhsuk-frontend's own file upload button is replaced by a check
// of ours: see ACCEPTED).  Every page must also load with no failed request,
// no script or console error and no request leaving the server under test;
// the only refusal expected is of the remote Frutiger font, which our CSP
// blocks by design.  Output is TAP on stdout.  tests/scripts/e2e.sh builds
// the store and starts the server.
//
// Environment:
//   E2E_URL          the server, e.g. http://127.0.0.1:8080 (required)
//   E2E_EMAIL        an admin account on it, E2E_PASSWORD its password,
//   E2E_NAME         and its name (shown in the header)
//   CHROME           the browser (default /usr/bin/chromium)
//   E2E_SCREENSHOTS  a folder: full-page PNGs of the PCN and import error pages
//   TAP_FIRST        number of the first test (default 1); TAP_NO_PLAN=1
//                    leaves out the "1..N" line, for a caller that adds tests
//
// The store must hold the registry of tests/data/registry (see e2e.sh).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import {
  root, BASE, CHROME, SHOTS, AXE_TAGS, tapN, failures, out, test, check, checkHas, open,
} from './lib.mjs';

const EMAIL = process.env.E2E_EMAIL || 'admin@example.org';
const PASSWORD = process.env.E2E_PASSWORD || '';
const NAME = process.env.E2E_NAME || '';
const NHS_BLUE = 'rgb(0, 94, 184)'; // #005eb8, the header's colour: the stylesheet is applied

// ---- TAP: test, check and checkHas are lib.mjs's ------------------------

function checkEq(got, want, what) {
  if (got !== want) throw new Error(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

function checkLacks(text, unwanted, what) {
  if (text.includes(unwanted)) throw new Error(`${what}: "${unwanted}" should not be there`);
}

// A form refused for one field (id): the error summary holds message, has
// the focus and links to the field first; the field keeps what was typed
// and is described by its error.
async function checkFieldError(page, id, message, typed) {
  const e = await page.evaluate((sel) => {
    const s = document.querySelector('.nhsuk-error-summary');
    const input = document.querySelector(sel);
    return {
      href: s?.querySelector('a')?.getAttribute('href'),
      text: s?.innerText || '',
      focused: !!s && document.activeElement === s,
      value: input?.value,
      describedBy: input?.getAttribute('aria-describedby') || '',
    };
  }, `#${id}`);
  checkEq(e.href, `#${id}`, 'error summary link');
  checkHas(e.text, message, 'error summary');
  checkEq(e.value, typed, 'what was typed');
  check(e.describedBy.split(' ').includes(`${id}-error`), 'the input is not described by its error');
  check(e.focused, 'the error summary has no focus');
}

// ---- pages ------------------------------------------------------------------

const axeSource = fs.readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

// Problems seen while a page loads: sub-resources that failed, requests that
// leave the server under test, script errors, console errors (a
// Content-Security-Policy refusal is one).  The one expected refusal: the
// stylesheet asks for the Frutiger font from assets.nhs.uk, which our CSP
// blocks by design, so pages render in Arial offline (nhs-ui.md 1.3).
const FRUTIGER = /^https:\/\/assets\.nhs\.uk\/fonts\/[\w-]+\.woff2?$/;
function watch(page) {
  const seen = [];
  const origin = new URL(BASE).origin;
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !FRUTIGER.test(u))
      seen.push(`request outside the server under test: ${u}`);
  });
  page.on('requestfailed', (r) => {
    if (!FRUTIGER.test(r.url())) seen.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document')
      seen.push(`${r.status()} for ${r.url()}`);
  });
  page.on('pageerror', (e) => seen.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    const t = m.text();
    if (m.type() !== 'error') return;
    // The document's own 4xx status is logged as a console error: expected on error pages.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(t)) return;
    if (/^Loading the font 'https:\/\/assets\.nhs\.uk\/fonts\/[\w-]+\.woff2?' violates the following Content Security Policy directive: "default-src 'self'"/.test(t)) return;
    seen.push(`console error: ${t}`);
  });
  return seen;
}

// Clicks a link or a form's button, and waits for the page it leads to.
async function clickAndWait(page, selector) {
  page.problems.length = 0;
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  return resp;
}

// What every page of the service has: one h1, a title in the pattern
// "<h1> – <section> – PCN Ops", the NHS header styled, the footer, no failed
// requests or script errors.  Returns facts for the page's own checks.
async function frame(page, resp, { status = 200, path: want, h1, error = false }) {
  check(resp, 'no response');
  checkEq(resp.status(), status, `status of ${resp.url()}`);
  if (want) checkEq(new URL(page.url()).pathname, want, 'path after the request');
  const f = await page.evaluate((blue) => {
    const h1s = [...document.querySelectorAll('h1')];
    const header = document.querySelector('header.nhsuk-header');
    return {
      title: document.title,
      h1: h1s.map((e) => e.textContent.trim()),
      headerBlue: header ? getComputedStyle(header).backgroundColor === blue : false,
      footer: !!document.querySelector('footer.nhsuk-footer a[href="/accessibility"]'),
      main: document.querySelector('main#maincontent')?.innerText || '',
      lang: document.documentElement.lang,
    };
  }, NHS_BLUE);
  checkEq(f.h1.length, 1, 'number of h1 elements');
  if (h1 instanceof RegExp) check(h1.test(f.h1[0]), `h1 "${f.h1[0]}" does not match ${h1}`);
  else if (h1) checkEq(f.h1[0], h1, 'h1');
  check(/ – PCN Ops$/.test(f.title), `title "${f.title}" does not end with " – PCN Ops"`);
  check(f.title.startsWith('Error: ') === error, `title "${f.title}" ${error ? 'lacks' : 'has'} the "Error: " prefix`);
  checkEq(f.lang, 'en', 'lang of the page');
  check(f.headerBlue, 'the NHS header is not NHS blue: the stylesheet did not load');
  check(f.footer, 'no footer with the accessibility statement link');
  check(page.problems.length === 0, 'problems while loading:\n' + page.problems.join('\n'));
  return f;
}

// Text of the rows of the table with this caption (cells joined by " | ").
async function tableRows(page, caption) {
  return page.evaluate((cap) => {
    const t = [...document.querySelectorAll('table')].find(
      (x) => x.caption && x.caption.textContent.trim() === cap);
    if (!t) return null;
    return [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' | '));
  }, caption);
}

// A finding of axe-core that is known to be wrong on one element, replaced by
// a check of our own that must pass instead; printed as a TAP comment.
const ACCEPTED = [{
  rule: 'label-content-name-mismatch',
  selector: 'button.nhsuk-file-upload__drop-button',
  why: 'the file upload button that nhsuk-frontend\'s script builds is named by its label and by ' +
    'itself (aria-labelledby="file-label file-comma file", as in GOV.UK Frontend), so its name holds ' +
    'all its visible text; axe-core joins the visible pieces without spaces ("No file chosenChoose ' +
    'file") and finds no match. Checked instead: the visible text, in order, is in the name the ' +
    'browser computes (WCAG 2.5.3)',
  verify: labelInName,
}];

// WCAG 2.5.3 Label in name: the element's visible text, piece by piece and in
// order, is part of the accessible name chromium computes for it.
async function labelInName(page, selector) {
  const el = await page.$(selector);
  check(el, `${selector} not found`);
  const ax = await page.accessibility.snapshot({ root: el, interestingOnly: false });
  const pieces = await el.evaluate((root) => {
    const out = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t; t = walk.nextNode()) {
      const box = t.parentElement.getBoundingClientRect();
      if (t.textContent.trim() && t.parentElement.checkVisibility() && box.width > 1 && box.height > 1)
        out.push(t.textContent.trim());
    }
    return out;
  });
  const norm = (t) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const name = ax && ax.name ? ax.name : '';
  check(pieces.length && norm(name).includes(norm(pieces.join(' '))),
    `${selector}: its accessible name "${name}" lacks its visible text "${pieces.join(' ')}"`);
  return `name "${name}" holds the visible text "${pieces.join(' ')}"`;
}

function timeout(ms, what) {
  let t;
  const p = new Promise((_, reject) => { t = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms); });
  p.clear = () => clearTimeout(t);
  return p;
}

async function axe(page) {
  const limit = timeout(20000, 'axe-core');
  try {
    return await Promise.race([axeRun(page), limit]);
  } finally {
    limit.clear();
  }
}

async function axeRun(page) {
  if (await page.evaluate(() => typeof window.axe) !== 'object') {
    // Runtime.evaluate is not subject to the page's Content-Security-Policy,
    // so the policy under test stays in force (no setBypassCSP).
    await page.evaluate(axeSource);
  }
  const r = await page.evaluate(async (tags) => {
    const res = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return {
      violations: res.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
      })),
      incomplete: res.incomplete.map((v) => v.id),
    };
  }, AXE_TAGS);
  axeSummary.pages++;
  for (const id of r.incomplete) axeSummary.review.add(id);
  const real = [];
  for (const v of r.violations) {
    const known = ACCEPTED.find((k) => k.rule === v.id);
    const matches = known && await page.evaluate((targets, sel) => targets.every(
      (t) => t.length === 1 && document.querySelector(t[0])?.matches(sel)), v.nodes.map((n) => n.target), known.selector);
    if (matches) {
      const how = await known.verify(page, known.selector);
      axeSummary.accepted.add(`${v.id} on ${known.selector}`);
      out(`# axe-core ${v.id} on ${known.selector} accepted (see the end): ${how}`);
    } else {
      real.push(v);
    }
  }
  if (real.length) {
    axeSummary.violations += real.length;
    const lines = [`${real.length} WCAG 2.2 AA violation(s) on ${page.url()}:`];
    for (const v of real) {
      lines.push(`${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`);
      for (const n of v.nodes.slice(0, 10)) {
        lines.push(`    ${n.target.join(' ')}`);
        for (const s of (n.summary || '').split('\n')) lines.push(`      ${s}`);
      }
      if (v.nodes.length > 10) lines.push(`    and ${v.nodes.length - 10} more`);
    }
    throw new Error(lines.join('\n'));
  }
}
const axeSummary = { pages: 0, violations: 0, review: new Set(), accepted: new Set() };

// A step of the journey, then axe-core on the page it ends on.
async function step(page, name, fn) {
  await test(name, fn);
  await test(`axe-core finds no WCAG 2.2 AA violation: ${name}`, () => axe(page));
}

async function shot(page, file) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
}

async function newPage(context, { js = true } = {}) {
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(10000);
  await page.setJavaScriptEnabled(js);
  page.problems = watch(page);
  return page;
}

async function signIn(page) {
  const resp = await open(page, '/sign-in');
  checkEq(resp.status(), 200, 'status of /sign-in');
  await page.type('#email', EMAIL);
  await page.type('#password', PASSWORD);
  return clickAndWait(page, 'form[action="/sign-in"] button[type="submit"]');
}

// A map file whose second row adds a new practice and whose third has a
// malformed practice code (letter O for zero): the whole file must be refused.
function badMapFile(dir) {
  const map = fs.readFileSync(path.join(root, 'tests/data/registry/map-2023-07.csv'), 'utf8').split(/\r?\n/);
  const row = map[1].split(',');
  const good = [...row]; good[1] = '01Aug2023'; good[2] = 'Z99999'; good[3] = 'NEW E2E SURGERY';
  const bad = [...row]; bad[1] = '01Aug2023'; bad[2] = 'A1OOO9';
  const file = path.join(dir, 'bad-map.csv');
  fs.writeFileSync(file, [map[0], good.join(','), bad.join(','), ''].join('\r\n'));
  return file;
}

// ---- the journey --------------------------------------------------------

const started = Date.now();
let tmp = ''; // the browser profile and the bad file; removed at the end

async function main() {
  if (!BASE) {
    out('1..0 # SKIP E2E_URL is not set (run tests/scripts/e2e.sh)');
    return 0;
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pcnops-e2e-'));
  let browser;
  const launched = await test('chromium starts (puppeteer-core, no download)', async () => {
    browser = await puppeteer.launch({
      executablePath: CHROME,
      headless: true,
      userDataDir: path.join(tmp, 'profile'),
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
      timeout: 20000,
    });
  });
  try {
    if (launched) await journey(browser, tmp);
  } finally {
    if (browser) await browser.close().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
  out(`# axe-core ${JSON.parse(fs.readFileSync(path.join(root, 'node_modules/axe-core/package.json'))).version}` +
      ` (${AXE_TAGS.join(' ')}): ${axeSummary.pages} pages checked, ${axeSummary.violations} violations`);
  if (axeSummary.accepted.size)
    for (const k of ACCEPTED.filter((a) => axeSummary.accepted.has(`${a.rule} on ${a.selector}`)))
      out(`# axe-core ${k.rule} on ${k.selector} accepted: ${k.why}`);
  out(`# end-to-end journey: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (axeSummary.review.size)
    out(`# axe-core asks for a manual review of: ${[...axeSummary.review].sort().join(', ')}`);
  return failures ? 1 : 0;
}

async function journey(browser, tmp) {
  const ctx = await browser.createBrowserContext();
  const page = await newPage(ctx);
  let resp;

  await step(page, 'signed out, / leads to the sign-in page', async () => {
    resp = await open(page, '/');
    await frame(page, resp, { path: '/sign-in', h1: 'Sign in to PCN Ops' });
    const form = await page.evaluate(() => ({
      email: !!document.querySelector('form[action="/sign-in"] input#email[name="email"]'),
      password: document.querySelector('input#password')?.getAttribute('autocomplete'),
      token: document.querySelector('input[type="hidden"][name="signin"]')?.value || '',
      novalidate: document.querySelector('form[action="/sign-in"]')?.noValidate,
    }));
    check(form.email, 'no email input');
    checkEq(form.password, 'current-password', 'autocomplete of the password (password managers, WCAG 3.3.8)');
    check(form.token.length >= 20, 'no hidden sign-in token');
    check(form.novalidate, 'the form lacks novalidate');
  });

  await step(page, 'sign-in with empty fields shows the error summary', async () => {
    resp = await clickAndWait(page, 'form[action="/sign-in"] button[type="submit"]');
    await frame(page, resp, { status: 400, h1: 'Sign in to PCN Ops', error: true });
    const e = await page.evaluate(() => {
      const s = document.querySelector('.nhsuk-error-summary');
      const h1 = document.querySelector('h1');
      return {
        text: s?.innerText || '',
        links: [...(s?.querySelectorAll('a') || [])].map((a) => a.getAttribute('href')),
        beforeH1: !!s && !!(s.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING),
        focused: !!s && document.activeElement === s,
      };
    });
    checkHas(e.text, 'There is a problem', 'error summary');
    checkHas(e.text, 'Enter your email address', 'error summary');
    checkHas(e.text, 'Enter your password', 'error summary');
    checkEq(e.links.join(' '), '#email #password', 'error summary links');
    check(e.beforeH1, 'the error summary is not above the h1');
    check(e.focused, 'the error summary has no focus: the design system\'s script did not run');
  });

  await step(page, 'signing in through the form leads home', async () => {
    resp = await signIn(page);
    await frame(page, resp, { path: '/', h1: 'Administration' });
    const header = await page.$eval('header.nhsuk-header', (e) => e.innerText);
    if (NAME) checkHas(header, NAME, 'header');
    checkHas(header, 'Log out', 'header');
    const rows = await tableRows(page, 'Integrated care boards (ICBs)');
    check(rows, 'no table of ICBs');
    checkEq(rows.length, 2, 'ICB rows');
    check(rows[0].startsWith('QAA | ') && rows[1].startsWith('QBB | '), `ICB rows: ${rows.join('; ')}`);
    check(await page.$('[data-nhsuk-header-init]'), 'the header was not started by the design system\'s script');
  });

  await step(page, 'ICB page QAA lists its PCNs', async () => {
    resp = await open(page, '/icb/QAA');
    const f = await frame(page, resp, { h1: /^Integrated care board QAA\s*NHS Alpha Integrated Care Board$/ });
    checkHas(f.main, 'Registered patients', 'summary list');
    const rows = await tableRows(page, 'Primary care networks (PCNs) in this ICB');
    check(rows, 'no table of PCNs');
    const codes = rows.map((r) => r.split(' | ')[0]).join(' ');
    // the PCNs, then what reconciles them with the header: the practices
    // in no PCN, and the total (issue 14)
    checkEq(codes, 'U10001 U10002 Not in a PCN above Total', 'PCNs of QAA');
    const numeric = await page.$$eval('table td.nhsuk-table__cell--numeric', (c) => c.length);
    check(numeric >= 4, 'numbers are not in right-aligned numeric cells');
  });

  await step(page, 'PCN page U10002 shows practices, trend and history', async () => {
    resp = await clickAndWait(page, 'main a[href="/pcn/U10002"]');
    const f = await frame(page, resp, { path: '/pcn/U10002', h1: /^Primary care network U10002/ });
    checkHas(f.main, 'ODS code', 'summary list');
    const members = await tableRows(page, 'Member practices');
    check(members && members.length > 0, 'no member practices');
    const codes = members.map((r) => r.split(' | ')[0]);
    check(codes.includes('A10003') && codes.includes('A10005'), `member practices: ${codes.join(' ')}`);
    const chart = await page.evaluate(() => {
      const svg = document.querySelector('main svg');
      return svg ? { role: svg.getAttribute('role'), label: svg.getAttribute('aria-labelledby') || svg.getAttribute('aria-label') } : null;
    });
    check(chart, 'no list size chart');
    check(chart.label, 'the chart has no accessible name');
    const trend = await tableRows(page, 'Registered patients by date');
    check(trend && trend.length === 2, `list size rows: ${trend && trend.join('; ')}`);
    checkHas(f.main, 'Membership history', 'PCN page');
    const crumbs = await page.$$eval('.nhsuk-breadcrumb__link', (a) => a.map((x) => x.getAttribute('href')));
    checkEq(crumbs.join(' '), '/ /icb/QAA', 'breadcrumbs');
    check(!await page.$eval('nav.nhsuk-breadcrumb .nhsuk-back-link', (a) => a.checkVisibility()),
      'the breadcrumb\'s back link shows on a wide screen');
    await shot(page, 'pcn.png');
  });

  // 320 CSS pixels is 1280 at 400% zoom (WCAG 1.4.10 reflow).
  await test('PCN page U10002 at 320 pixels wide (400% zoom): no sideways scrolling, and axe-core finds no WCAG 2.2 AA violation', async () => {
    await page.setViewport({ width: 320, height: 640 });
    try {
      const r = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')].filter((e) => {
          if (e.closest('.nhsuk-table-container, .nhsuk-u-visually-hidden')) return false; // tables may scroll
          const b = e.getBoundingClientRect();
          return b.width > 0 && b.right > vw + 1;
        }).map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''));
        return {
          scroll: document.documentElement.scrollWidth, vw, wide: [...new Set(wide)].slice(0, 8),
          back: document.querySelector('nav.nhsuk-breadcrumb .nhsuk-back-link')?.checkVisibility(),
          list: document.querySelector('.nhsuk-breadcrumb__list')?.checkVisibility(),
        };
      });
      check(r.wide.length === 0 && r.scroll <= r.vw, `the page scrolls sideways (${r.scroll} > ${r.vw}): ${r.wide.join(', ')}`);
      check(r.back && !r.list, 'on a small screen the breadcrumb should show only its back link');
      await axe(page);
    } finally {
      await page.setViewport({ width: 1280, height: 900 });
    }
  });

  await step(page, 'practice page A10004 shows its PCN and patients', async () => {
    resp = await open(page, '/practice/A10004');
    const f = await frame(page, resp, { h1: /^GP practice A10004/ });
    check(await page.$('main a[href="/pcn/U10001"]'), 'no link to its PCN U10001');
    const bands = await tableRows(page, 'Registered patients by sex and age');
    check(bands && bands.length === 21, 'no table of patients by age (20 bands and all ages)');
    checkHas(f.main, 'Clinical system', 'summary list');
  });

  await step(page, 'funding of PCN U10002: each stream, the monthly chart and table, and the working', async () => {
    resp = await open(page, '/pcn/U10002');
    resp = await clickAndWait(page, 'main a[href="/pcn/U10002/funding"]');
    // The year of today: 2026/27, whose rates are carried from 2025/26.
    const f = await frame(page, resp, { path: '/pcn/U10002/funding', h1: /Funding 2026\/27$/ });
    check(!f.main.includes('The rules have no year'), 'the page says the rules have no year');
    const streams = await tableRows(page, 'Payment streams, 2026/27');
    check(streams && streams.some((r) => r.startsWith('Core PCN funding | £')), `streams: ${streams && streams.join('; ')}`);
    check(streams && !streams.some((r) => r.includes('Capacity and Access')), `CASP or CAIP in 2026/27: ${streams && streams.join('; ')}`);
    const months = await tableRows(page, 'Monthly payments, 2026/27');
    check(months && months.length === 12 && months[0].startsWith('April 2026 | £') &&
      months[11].startsWith('March 2027 | £'), `monthly rows: ${months && months.join('; ')}`);
    const facts = await page.evaluate(() => ({
      chart: document.querySelector('main svg[role="img"]')?.getAttribute('aria-labelledby') || '',
      details: document.querySelectorAll('main details.nhsuk-details').length,
      working: document.querySelector('main details.nhsuk-details ol li')?.textContent || '',
      tags: [...document.querySelectorAll('main .nhsuk-tag')].map((t) => t.textContent.trim()),
      year: document.querySelector('form[method="get"] select#year')?.value,
    }));
    check(facts.chart, 'no chart with an accessible name');
    check(facts.details >= 7, `${facts.details} details components: one for the populations and one a stream expected`);
    checkHas(facts.working, 'Population base date', 'the working of the populations');
    check(facts.tags.includes('Estimate'), `no Estimate tag (tags: ${facts.tags.join(', ')})`);
    check(facts.tags.includes('Provisional'), `no Provisional tag (tags: ${facts.tags.join(', ')})`);
    checkEq(facts.year, '2026-27', 'the year chosen');
  });

  await step(page, 'funding inputs: a population that is not a number is refused, and what was typed is kept', async () => {
    resp = await open(page, '/pcn/U10002/funding/inputs?year=2025-26');
    await frame(page, resp, { h1: /Funding inputs 2025\/26$/ });
    await page.type('#weighted-A10003', '12x');
    resp = await clickAndWait(page, 'form[action="/pcn/U10002/funding/populations"] button[type="submit"]');
    await frame(page, resp, { status: 400, h1: /Funding inputs 2025\/26$/, error: true });
    await checkFieldError(page, 'weighted-A10003', 'Enter the weighted population of A10003', '12x');
  });

  await step(page, 'funding of the PCNs of ICB QAA: each PCN and its total', async () => {
    resp = await open(page, '/icb/QAA');
    resp = await clickAndWait(page, 'main a[href="/icb/QAA/funding"]');
    await frame(page, resp, { path: '/icb/QAA/funding', h1: /Funding of the PCNs 2026\/27$/ });
    const rows = await tableRows(page, 'PCNs of QAA, 2026/27');
    check(rows && rows.length === 3 && rows[0].startsWith('U10001 | ') && rows[1].startsWith('U10002 | ') &&
      rows[2].startsWith('All 2 PCNs | '), `PCN rows: ${rows && rows.join('; ')}`);
  });

  await step(page, 'the IIF publication imports, and practices with no PCN on its date are listed', async () => {
    resp = await open(page, '/import');
    await frame(page, resp, { h1: 'Import an NHS file' });
    await page.click('input[name="kind"][value="iif"]');
    const input = await page.$('input[type="file"][name="file"]');
    await input.uploadFile(path.join(root, 'tests/data/iif/iif-small.csv'));
    resp = await clickAndWait(page, 'form[action="/import"] button[type="submit"]');
    const f = await frame(page, resp, { h1: 'File imported' });
    checkHas(f.main, 'iif 2023/24, achievement date 31 March 2024: 24 figures', 'import summary');
    checkHas(f.main, '2 practices have no known PCN on 31 March 2024 (A10002, C30001)', 'warnings');
  });

  await step(page, 'IIF of PCN U10002: status tags, deemed points, what-if, and the practices as a chart and a table', async () => {
    resp = await open(page, '/pcn/U10002');
    resp = await clickAndWait(page, 'main a[href="/pcn/U10002/iif"]');
    await frame(page, resp, { path: '/pcn/U10002/iif', h1: /Investment and Impact Fund \(IIF\) 2026\/27$/ });
    resp = await clickAndWait(page, 'main nav a[href="/pcn/U10002/iif?year=2023-24"]');
    const f = await frame(page, resp, { h1: /Investment and Impact Fund \(IIF\) 2023\/24$/ });
    // £198 a point [S28]: 71 deemed points × £198 × 8,298 × 3 PCNs ÷ 22,919
    checkHas(f.main, '£15,269.42', 'the ACC-08 payment');
    const rows = await tableRows(page, 'Indicators in 2023/24');
    check(rows && rows[0].startsWith('ACC-08 ') && rows[0].includes('| Not achieved Deemed achieved | 4,200 | 5,000 | 84% |'),
      `indicator rows: ${rows && rows.join('; ')}`);
    const practices = await tableRows(page, 'ACC-08 by practice (members on 31 March 2024)');
    check(practices && practices.length === 2 && practices[1].startsWith('NEW SURGERY A10005 | 3,400 | 4,000 | 85% |'),
      `practice rows: ${practices && practices.join('; ')}`);
    const whatif = await tableRows(page, 'More patients who need the intervention, and what that is worth');
    check(whatif && whatif[0].startsWith('ACC-08 | 90% | 300 | 71 |'), `what-if rows: ${whatif && whatif.join('; ')}`);
    const facts = await page.evaluate(() => ({
      chart: document.querySelector('main svg#practices-ACC-08, main svg[aria-labelledby^="practices-ACC-08"]')
        ?.getAttribute('aria-labelledby') || '',
      styled: document.querySelectorAll('main svg [style]').length,
      tags: [...document.querySelectorAll('main .nhsuk-tag')].map((t) => t.textContent.trim()),
    }));
    checkEq(facts.chart, 'practices-ACC-08-title practices-ACC-08-desc', 'the chart\'s accessible name');
    checkEq(facts.styled, 0, 'style attributes in the chart');
    check(facts.tags.includes('Deemed achieved'), `no Deemed achieved tag (tags: ${facts.tags.join(', ')})`);
  });

  await step(page, 'IIF figures: a numerator above the denominator is refused, and what was typed is kept', async () => {
    resp = await open(page, '/pcn/U10002/iif/enter?year=2024-25');
    await frame(page, resp, { h1: 'Enter IIF figures for 2024/25' });
    await page.select('#code', 'HI-03');
    await page.select('#month', '2024-10');
    await page.type('#numerator', '60');
    await page.type('#denominator', '50');
    resp = await clickAndWait(page, 'form[action="/pcn/U10002/iif/enter"] button[type="submit"]');
    await frame(page, resp, { status: 400, h1: 'Enter IIF figures for 2024/25', error: true });
    await checkFieldError(page, 'numerator', 'The numerator 60 is above the denominator 50', '60');
    checkEq(await page.$eval('#code', (el) => el.value), 'HI-03', 'the indicator chosen');
  });

  await step(page, 'CAIP self-assessment: a criterion met feeds its share of the payment', async () => {
    resp = await open(page, '/pcn/U10002/caip?year=2025-26');
    await frame(page, resp, { h1: /Capacity and Access Improvement Payment \(CAIP\) 2025\/26$/ });
    await page.select('#status-mgpa', 'met');
    await page.type('#evidence-mgpa', 'Cloud telephony in both practices');
    resp = await clickAndWait(page, 'form[action="/pcn/U10002/caip"] button[type="submit"]');
    const f = await frame(page, resp, { path: '/pcn/U10002/caip', h1: /Capacity and Access Improvement Payment \(CAIP\) 2025\/26$/ });
    checkHas(f.main, '66.67% (1 of 2 criteria met)', 'share achieved');
    const rows = await tableRows(page, 'CAIP criteria in 2025/26');
    check(rows && rows[1] === 'Modern General Practice Access | 2 | Met | Cloud telephony in both practices',
      `criteria rows: ${rows && rows.join('; ')}`);
  });

  await step(page, 'import page shows the upload form', async () => {
    resp = await open(page, '/import');
    await frame(page, resp, { h1: 'Import an NHS file' });
    const form = await page.evaluate(() => ({
      kinds: [...document.querySelectorAll('input[type="radio"][name="kind"]')].map((r) => r.value),
      file: !!document.querySelector('input[type="file"][name="file"]'),
      enctype: document.querySelector('form[action="/import"]')?.enctype,
    }));
    checkEq(form.kinds.join(' '), 'auto registry list-sizes epraccur iif qof nhs-payments epcn cqc', 'kinds of file');
    check(form.file, 'no file input');
    checkEq(form.enctype, 'multipart/form-data', 'enctype');
  });

  await step(page, 'a bad file is refused with the error summary naming file, line and field', async () => {
    const file = badMapFile(tmp);
    await page.click('input[name="kind"][value="registry"]');
    const input = await page.$('input[type="file"][name="file"]');
    await input.uploadFile(file);
    resp = await clickAndWait(page, 'form[action="/import"] button[type="submit"]');
    await frame(page, resp, { status: 400, h1: 'Import an NHS file', error: true });
    const e = await page.evaluate(() => {
      const s = document.querySelector('.nhsuk-error-summary');
      const h1 = document.querySelector('h1');
      const input = document.querySelector('#file');
      return {
        title: s?.querySelector('.nhsuk-error-summary__title')?.textContent.trim(),
        text: s?.querySelector('.nhsuk-error-summary__list')?.innerText.trim() || '',
        href: s?.querySelector('a')?.getAttribute('href'),
        beforeH1: !!s && !!(s.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING),
        focused: !!s && document.activeElement === s,
        fieldError: document.querySelector('#file-error')?.innerText || '',
        describedBy: input?.getAttribute('aria-describedby') || '',
        kept: document.querySelector('input[name="kind"]:checked')?.value,
      };
    });
    checkEq(e.title, 'There is a problem', 'error summary title');
    check(e.beforeH1, 'the error summary is not above the h1');
    // the file, the line and the field, in words
    checkHas(e.text, 'bad-map.csv, line 3, field PRACTICE_CODE:', 'error summary');
    checkHas(e.text, 'A1OOO9', 'error summary (the value)');
    checkHas(e.text, 'Nothing was imported', 'error summary');
    checkEq(e.href, '#file', 'error summary link');
    checkHas(e.fieldError, 'bad-map.csv', 'error message by the field');
    check(e.describedBy.split(' ').includes('file-error'), 'the file input is not described by its error');
    checkEq(e.kept, 'registry', 'the kind chosen is kept');
    check(e.focused, 'the error summary has no focus: the design system\'s script did not run');
    await shot(page, 'import-error.png');
  });

  await step(page, 'a rules file with mistakes is refused with its file, line and field, and the rules stay as they were', async () => {
    resp = await open(page, '/admin/rules');
    await frame(page, resp, { h1: 'Upload rules files' });
    const file = path.join(tmp, 'stream_rates.csv');
    fs.copyFileSync(path.join(root, 'tests/data/http/bad-stream_rates.csv'), file);
    await page.type('#year', '2025/26');
    const input = await page.$('input[type="file"][name="files"]');
    await input.uploadFile(file);
    resp = await clickAndWait(page, 'form[action="/admin/rules"] button[type="submit"]');
    await frame(page, resp, { status: 400, h1: 'Upload rules files', error: true });
    const e = await page.evaluate(() => ({
      text: document.querySelector('.nhsuk-error-summary__list')?.innerText || '',
      year: document.querySelector('#year')?.value,
    }));
    checkHas(e.text, 'rules/2025-26/stream_rates.csv:3: field rate_gbp', 'error summary');
    checkHas(e.text, 'rules/2025-26/stream_rates.csv:5: field valid_to', 'error summary');
    checkEq(e.year, '2025/26', 'the year typed is kept');
    const r = await page.evaluate(async () => (await fetch('/api/v1/pcns/U10002/entitlements?year=2025-26&explain=1')).text());
    checkHas(r, '£2.266 a year', 'the rate in use after the refused upload');
  });

  await step(page, 'nothing was imported: the new practice of the refused file is not found (404 page)', async () => {
    resp = await open(page, '/practice/Z99999');
    await frame(page, resp, { status: 404, h1: 'Page not found' });
  });

  await step(page, 'an unknown address gives the 404 page', async () => {
    resp = await open(page, '/no-such-page');
    const f = await frame(page, resp, { status: 404, h1: 'Page not found' });
    checkHas(f.main, 'Go to the home page', '404 page');
  });

  await step(page, 'users page lists the accounts and the form to add one', async () => {
    resp = await open(page, '/admin/users');
    await frame(page, resp, { h1: 'Users' });
    const rows = await tableRows(page, 'Accounts');
    check(rows && rows.some((r) => r.startsWith(EMAIL + ' | ')), `accounts: ${rows && rows.join('; ')}`);
    check(await page.$('form[action="/admin/users"] input#password[type="password"]'), 'no form to add a user');
  });

  await step(page, 'audit log shows the sign-in and the refused import', async () => {
    resp = await open(page, '/admin/audit');
    await frame(page, resp, { h1: 'Audit log' });
    const rows = await tableRows(page, 'Audit entries');
    check(rows, 'no table of audit entries');
    const actions = rows.map((r) => r.split(' | ')[2]);
    check(actions.includes('sign-in'), `no sign-in entry: ${actions.join(' ')}`);
    check(actions.includes('import-refused'), `no import-refused entry: ${actions.join(' ')}`);
  });

  await step(page, 'audit log shows a change as a before and after table, not JSON', async () => {
    resp = await open(page, '/admin/audit');
    const f = await frame(page, resp, { h1: 'Audit log' });
    check(await page.$('table.pcnops-audit-change th[scope="row"]'), 'no before and after table');
    check(!f.main.includes('{"'), 'raw JSON on the audit log');
  });

  await step(page, 'audit log filter with a bad date shows the error summary', async () => {
    resp = await open(page, '/admin/audit?from-day=32&from-month=12&from-year=2026');
    const f = await frame(page, resp, { status: 400, h1: 'Audit log', error: true });
    checkHas(f.main, 'There is a problem', 'audit log');
    checkHas(f.main, 'The first day must be a real date', 'audit log');
  });

  await step(page, 'accessibility statement', async () => {
    resp = await open(page, '/accessibility');
    const f = await frame(page, resp, { h1: 'Accessibility statement for PCN Ops' });
    checkHas(f.main, 'WCAG', 'accessibility statement');
  });

  await step(page, 'about page', async () => {
    resp = await open(page, '/about');
    const f = await frame(page, resp, { h1: 'About PCN Ops and its data' });
    checkHas(f.main, 'Open Government Licence', 'about page');
  });

  await step(page, 'help page: confidence marks, every source tag with its address, estimates', async () => {
    resp = await open(page, '/');
    await frame(page, resp, {});
    resp = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
                              page.click('footer a[href="/help"]')]).then((r) => r[0]);
    const f = await frame(page, resp, { h1: 'How to read the figures' });
    checkHas(f.main, 'Single source', 'help page');
    checkHas(f.main, '[P3]', 'help page');
    checkHas(f.main, 'Not known', 'help page');
    const sources = await tableRows(page, 'Source tags');
    check(sources && sources.length > 100, `source tags: ${sources && sources.length}`);
  });

  await step(page, 'log out leads to the sign-in page and closes the session', async () => {
    resp = await clickAndWait(page, 'form[action="/sign-out"] button');
    await frame(page, resp, { path: '/sign-in', h1: 'Sign in to PCN Ops' });
    resp = await open(page, '/pcn/U10002');
    await frame(page, resp, { path: '/sign-in', h1: 'Sign in to PCN Ops' });
  });
  await page.close();
  await ctx.close();

  // The same journey's core with JavaScript turned off, in a fresh context.
  const noJsCtx = await browser.createBrowserContext();
  const nojs = await newPage(noJsCtx, { js: false });
  await step(nojs, 'without JavaScript: sign in and view PCN U10002', async () => {
    resp = await signIn(nojs);
    await frame(nojs, resp, { path: '/', h1: 'Administration' });
    resp = await open(nojs, '/pcn/U10002');
    const f = await frame(nojs, resp, { h1: /^Primary care network U10002/ });
    const s = await nojs.evaluate(() => ({
      cls: document.body.className,
      nav: [...document.querySelectorAll('.nhsuk-header__navigation-link')]
        .filter((a) => a.offsetParent !== null).map((a) => a.textContent.trim()),
    }));
    check(!/js-enabled/.test(s.cls), 'the page ran scripts (body has js-enabled): JavaScript was not off');
    for (const item of ['Home', 'Import', 'Users', 'Audit log'])
      check(s.nav.includes(item), `menu item "${item}" is not visible without JavaScript (visible: ${s.nav.join(', ')})`);
    const members = await tableRows(nojs, 'Member practices');
    check(members && members.length > 0, 'no member practices');
    checkHas(f.main, 'Membership history', 'PCN page');
    // axe-core needs scripts (its timers do not run with scripts off).
    // Turning them back on does not reload the page: the DOM and styles
    // stay as rendered without JavaScript, and that is what axe-core checks.
    await nojs.setJavaScriptEnabled(true);
    check(!/js-enabled/.test(await nojs.evaluate(() => document.body.className)), 'the page reloaded with scripts');
  });
  await nojs.close();
  await noJsCtx.close();
}

const watchdog = setTimeout(() => {
  out(`not ok ${tapN + 1} - the end-to-end test took longer than 90 seconds`);
  if (!process.env.TAP_NO_PLAN) out(`1..${tapN + 1}`);
  // puppeteer kills the browser when this process exits
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  process.exit(1);
}, 90000);
watchdog.unref();

main().then((code) => {
  if (!process.env.TAP_NO_PLAN) out(`1..${tapN}`);
  process.exitCode = code;
}, (e) => {
  out(`not ok ${tapN + 1} - the end-to-end test crashed: ${e && e.message}`);
  if (e && e.stack) for (const l of e.stack.split('\n')) out(`# ${l}`);
  if (!process.env.TAP_NO_PLAN) out(`1..${tapN + 1}`);
  process.exitCode = 1;
});
