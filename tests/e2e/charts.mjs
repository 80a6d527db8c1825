// tests/e2e/charts.mjs: charts that do not lie (issue 14), in Debian's
// chromium (puppeteer-core, offline) at 1,280 pixels wide.  On the funding
// page, the ARRS position, the cash flow and its what-if, the PCN page, the
// desk's delegation and time pages it screenshots each page and checks in the DOM that every chart:
//   - claims an axis that starts at 0, or shows a labelled break (the
//     words "The axis starts at ..., not 0" and the break mark);
//   - draws its baseline at the height of its lowest tick, which is the
//     axis's claimed start, and every point, bar and column where that
//     axis puts its value (the lowest value at the axis when it is the
//     axis's start): the scale read back from the tick lines;
//   - has labelled ticks and a named unit;
//   - has a table right after it, whose last column ("Total", "Left of the
//     sum"...) is inside the window at 1,280 pixels.
// And the list-size trend of a PCN with one date is a sentence, not a
// chart.  Output is TAP on stdout.  tests/scripts/e2e_charts.sh builds the
// store and starts the server.
//
// Environment: E2E_URL, E2E_ADMIN / E2E_CD (accounts: an admin, and the
// clinical director of E2E_CD_PCN), E2E_PASSWORD (both), CHROME, TAP_FIRST,
// TAP_NO_PLAN, E2E_SCREENSHOTS (a folder for full-page PNGs).
import fs from 'node:fs';
import path from 'node:path';
import { BASE, SHOTS, out, test, check, axe, run } from './lib.mjs';

const ADMIN = process.env.E2E_ADMIN || '';
const CD = process.env.E2E_CD || '';
const CD_PCN = process.env.E2E_CD_PCN || 'U10001';
const PASSWORD = process.env.E2E_PASSWORD || '';

async function signIn(browser, email) {
  const ctx = await browser.createBrowserContext();
  const page = await ctx.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.setDefaultTimeout(10000);
  await page.goto(BASE + '/sign-in', { waitUntil: 'load' });
  await page.type('#email', email);
  await page.type('#password', PASSWORD);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.$eval('form[action="/sign-in"] button[type="submit"]', (b) => b.click()),
  ]);
  check(!page.url().endsWith('/sign-in'), `${email} could not sign in`);
  return page;
}

// Everything the checks need, read from the page in the browser: for each
// chart, its claimed axis, its ticks (value, pixel), its baseline, what it
// draws (value and pixel of each point, bar or column), its words, and the
// table after it.
async function readCharts(page) {
  return page.evaluate(() => [...document.querySelectorAll('svg.pcnops-chart')].map((svg) => {
    const g = svg.querySelector('g.pcnops-chart-plot');
    const horizontal = !!svg.querySelector('rect[data-value][height="20"]'); // the bar chart
    const ticks = [...svg.querySelectorAll('line[data-tick]')].map((l) => ({
      v: Number(l.dataset.tick),
      px: horizontal ? Number(l.getAttribute('x1')) : Number(l.getAttribute('y1')),
    }));
    const base = svg.querySelector('line.pcnops-chart-baseline');
    const marks = [...svg.querySelectorAll('circle[data-value], rect[data-value]')].map((e) => {
      const v = Number(e.dataset.value);
      if (e.tagName === 'circle') return { v, px: Number(e.getAttribute('cy')), kind: 'point' };
      const x = Number(e.getAttribute('x')), y = Number(e.getAttribute('y'));
      const w = Number(e.getAttribute('width')), h = Number(e.getAttribute('height'));
      return horizontal ? { v, px: x + w, start: x, kind: 'bar' } : { v, px: y, start: y + h, kind: 'column' };
    });
    // the next table after the chart, in document order
    let el = svg.nextElementSibling, table = null;
    for (let i = 0; el && i < 4 && !table; i++, el = el.nextElementSibling)
      table = el.matches('table') ? el : el.querySelector('table');
    let lastHead = null;
    if (table) {
      const ths = table.querySelectorAll('thead th');
      const th = ths[ths.length - 1];
      const r = th.getBoundingClientRect();
      const cell = table.querySelector('tbody tr:last-child td:last-child').getBoundingClientRect();
      lastHead = { text: th.innerText.trim(), right: Math.max(r.right, cell.right) };
    }
    return {
      id: svg.getAttribute('aria-labelledby').split(' ')[0].replace(/-title$/, ''),
      title: svg.querySelector('title').textContent,
      lo: Number(g?.dataset.axisLo), hi: Number(g?.dataset.axisHi), broken: g?.dataset.axisBreak,
      ticks, horizontal,
      basePx: base ? (horizontal ? Number(base.getAttribute('x1')) : Number(base.getAttribute('y1'))) : null,
      baseV: base ? Number(base.dataset.tick) : null,
      breakMark: !!svg.querySelector('.pcnops-chart-break'),
      words: svg.textContent,
      marks, table: !!table, caption: table?.querySelector('caption')?.innerText.trim(), lastHead,
      width: window.innerWidth,
    };
  }));
}

// The checks of one chart; returns a line for the log.
function checkChart(c) {
  const name = `chart "${c.title}"`;
  check(Number.isFinite(c.lo) && Number.isFinite(c.hi) && c.hi > c.lo, `${name}: no axis claimed`);
  check(c.ticks.length >= 2, `${name}: ${c.ticks.length} ticks`);
  // the axis starts at 0 (or below, for negatives), or shows its break
  if (c.broken === 'yes') {
    check(c.lo > 0, `${name}: a break at ${c.lo}`);
    check(c.breakMark, `${name}: a broken axis without the break mark`);
    check(/The axis starts at .*, not 0/.test(c.words), `${name}: a broken axis without its words`);
  } else {
    check(c.lo <= 0, `${name}: the axis starts at ${c.lo}, not 0, with no break shown`);
  }
  // the baseline is the lowest tick, at the axis's start
  const sorted = [...c.ticks].sort((a, b) => a.v - b.v);
  check(c.baseV === c.lo && sorted[0].v === c.lo, `${name}: baseline at ${c.baseV}, axis from ${c.lo}`);
  check(c.basePx === sorted[0].px, `${name}: the baseline drawn at ${c.basePx}, its tick at ${sorted[0].px}`);
  // the scale, read back from the first and last ticks, is one straight line
  const t0 = sorted[0], t1 = sorted[sorted.length - 1];
  const at = (v) => t0.px + (v - t0.v) * (t1.px - t0.px) / (t1.v - t0.v);
  for (const t of sorted) check(Math.abs(at(t.v) - t.px) <= 1, `${name}: tick ${t.v} at ${t.px}, not ${at(t.v)}`);
  check(c.marks.length > 0, `${name}: nothing drawn`);
  let lowest = c.marks[0];
  for (const m of c.marks) {
    if (m.v < lowest.v) lowest = m;
    if (m.kind !== 'column')   // columns stack: each segment is checked from its start
      check(Math.abs(at(Math.min(Math.max(m.v, c.lo), c.hi)) - m.px) <= 1.5,
        `${name}: ${m.v} drawn at ${m.px}, the axis puts it at ${at(m.v).toFixed(1)}`);
    if (m.kind === 'bar') check(m.start === c.basePx, `${name}: a bar starts at ${m.start}, not at the axis ${c.basePx}`);
  }
  // columns: the first segment of each column stands on the baseline
  const columns = c.marks.filter((m) => m.kind === 'column');
  if (columns.length) {
    const starts = new Set(columns.map((m) => m.start));
    check(starts.has(c.basePx), `${name}: no column stands on the baseline ${c.basePx}`);
    for (const s of starts) check(s <= c.basePx, `${name}: a column below the baseline`);
  }
  // the lowest value sits at the axis when it is the axis's start
  if (lowest.v === c.lo && lowest.kind === 'point')
    check(Math.abs(lowest.px - c.basePx) <= 1, `${name}: the lowest value ${lowest.v} at ${lowest.px}, the axis at ${c.basePx}`);
  // a table beside it, its last column in the window at 1,280 pixels
  check(c.table, `${name}: no table after the chart`);
  check(c.lastHead && c.lastHead.right <= c.width, `${name}: the table's "${c.lastHead?.text}" column ends at ${c.lastHead?.right}, past ${c.width}`);
  return `# ${c.id}: axis ${c.lo} to ${c.hi}${c.broken === 'yes' ? ' (broken)' : ''}, ${c.ticks.length} ticks, ` +
    `lowest value ${lowest.v}, table "${c.caption}" to its "${c.lastHead.text}" column at ${Math.round(c.lastHead.right)} px`;
}

async function charts(page, url, { want, shotName, expectBreak }) {
  const resp = await page.goto(BASE + url, { waitUntil: 'load' });
  check(resp && resp.status() === 200, `status ${resp?.status()} of ${url}`);
  if (SHOTS) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, shotName), fullPage: true });
  }
  if (SHOTS) {   // and each chart alone, to look at
    const svgs = await page.$$('svg.pcnops-chart');
    for (let i = 0; i < svgs.length; i++)
      await svgs[i].screenshot({ path: path.join(SHOTS, shotName.replace(/\.png$/, `-${i + 1}.png`)) });
  }
  const cs = await readCharts(page);
  check(cs.length >= want, `${url}: ${cs.length} charts, expected ${want}`);
  const lines = cs.map(checkChart);
  if (expectBreak !== undefined)
    check(cs.some((c) => (c.broken === 'yes') === expectBreak),
      `${url}: expected ${expectBreak ? 'a' : 'no'} broken axis`);
  for (const l of lines) out(l);
  return cs;
}

async function journey(browser) {
  let admin, cd;
  await test('an admin and a clinical director sign in', async () => {
    admin = await signIn(browser, ADMIN);
    cd = await signIn(browser, CD);
  });
  if (!admin || !cd) return;
  await test('funding: "Total paid each month" starts at £0 (a flat line drawn flat), ticks in pounds, the table to its Payments at 1,280 px', async () => {
    const [c] = await charts(admin, '/pcn/U10002/funding?year=2026-27', { want: 1, shotName: 'charts-funding.png', expectBreak: false });
    check(c.lo === 0, `the axis starts at ${c.lo}`);
    check(/£0/.test(c.words) && /Pounds a month/.test(c.words), 'no £ ticks or unit');
    check(c.lastHead.text === 'Payments', `the table ends with "${c.lastHead.text}"`);
  });
  await test('ARRS position: the burn-down of the sum starts at £0, with its table', async () => {
    const [c] = await charts(admin, '/pcn/U10002/arrs?year=2026-27', { want: 1, shotName: 'charts-arrs.png', expectBreak: false });
    check(c.lo <= 0, `the axis starts at ${c.lo}`);
    check(/Pounds left/.test(c.words), 'no unit');
  });
  await test('cash flow: the ARRS balance from £0, below zero where the claims lag the pay, with its table to "Balance with the other payments", axe-core clean', async () => {
    const [c] = await charts(cd, `/pcn/${CD_PCN}/cashflow?year=2026-27`, { want: 1, shotName: 'charts-cashflow.png', expectBreak: false });
    check(c.lo < 0 && c.hi >= 0, `the axis runs ${c.lo} to ${c.hi}: it must reach from below zero to zero`);
    check(c.ticks.some((t) => t.v === 0), 'no tick at £0');
    check(/Pounds/.test(c.words) && /-£/.test(c.words), 'no £ ticks below zero or unit');
    check(c.lastHead.text === 'Balance with the other payments', `the table ends with "${c.lastHead.text}"`);
    const gap = await cd.evaluate(() => [...document.querySelectorAll('dt')].find((d) => /widest cash gap/.test(d.innerText))?.nextElementSibling?.innerText || '');
    check(/^£[\d,]+(\.\d\d)?, at the end of \w+ \d{4}$/.test(gap.trim()), `the widest gap reads "${gap}"`);
    await axe(cd); // the cash-flow page, which the admin of run.mjs cannot see
  });
  await test('cash flow what-if: a post recruited from January shows the new gap and a second chart from £0, nothing saved, axe-core clean', async () => {
    await cd.goto(BASE + `/pcn/${CD_PCN}/cashflow?year=2026-27`, { waitUntil: 'load' });
    await cd.select('#role', 'clinical_pharmacist');
    await cd.select('#from', '2027-01');
    await cd.$eval('#wte', (e) => { e.value = '1.0'; });
    await cd.type('#pay', '45000');
    await Promise.all([
      cd.waitForNavigation({ waitUntil: 'load' }),
      cd.$eval('form[action*="/cashflow/what-if"] button[type="submit"]', (b) => b.click()),
    ]);
    const words = await cd.evaluate(() => document.querySelector('.nhsuk-inset-text')?.innerText || '');
    check(/If you recruit this post/.test(words) && /Nothing has been saved/.test(words), `the what-if says "${words}"`);
    if (SHOTS) await cd.screenshot({ path: path.join(SHOTS, 'charts-cashflow-what-if.png'), fullPage: true });
    const cs = await readCharts(cd);
    check(cs.length === 2, `${cs.length} charts`);
    for (const c of cs) out(checkChart(c));
    await axe(cd);
  });
  await test('delegation over time: 0% to 100% (a share, from zero), with its table', async () => {
    const [c] = await charts(cd, `/pcn/${CD_PCN}/desk/delegation`, { want: 1, shotName: 'charts-delegation.png' });
    check(c.lo === 0 && c.hi === 100, `the axis runs ${c.lo} to ${c.hi}`);
    check(/100%/.test(c.words) && /Per cent/.test(c.words), 'no % ticks or unit');
  });
  await test('desk time by week: both column charts start at 0 hours, with their tables', async () => {
    await charts(cd, `/pcn/${CD_PCN}/desk/time`, { want: 2, shotName: 'charts-desk-time.png' });
  });
  await test('PCN page: the list-size trend over two dates, its axis from 0 or broken and labelled, with its table', async () => {
    await charts(admin, '/pcn/U10002', { want: 1, shotName: 'charts-pcn.png' });
  });
  await test('a list size on one date only is a sentence, not a chart', async () => {
    const resp = await admin.goto(BASE + '/practice/A10005', { waitUntil: 'load' });
    check(resp.status() === 200, `status ${resp.status()}`);
    const r = await admin.evaluate(() => ({
      svgs: document.querySelectorAll('svg#trend, svg[aria-labelledby^="trend-"]').length,
      one: document.querySelector('p.pcnops-chart-one')?.innerText || '',
    }));
    if (SHOTS) await admin.screenshot({ path: path.join(SHOTS, 'charts-practice.png'), fullPage: true });
    check(r.svgs === 0, `${r.svgs} trend charts`);
    check(/^Registered patients of the practice: [\d,]+ on \d+ \w+ \d{4}, the only figure so far/.test(r.one),
      `the sentence: "${r.one}"`);
  });
}

process.exitCode = await run('charts', journey);
