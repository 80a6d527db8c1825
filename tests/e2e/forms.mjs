// tests/e2e/forms.mjs: every form with bad input in Debian's chromium
// (puppeteer-core, offline), signed in through the real form as a PCN
// manager (ARRS, funding inputs, the PCN's own figures, the desk) and as an
// administrator (the audit log).  Each form is filled with several mistakes
// and sent: the answer is 400, "Error: " starts the title, the NHS error
// summary lists every mistake at once (the exact messages, no more and no
// fewer), each link lands on an input, select or textarea that shows the same
// message and takes the focus when the link is followed, and what was typed
// is still there.  axe-core's WCAG 2.0 to 2.2 A and AA rules run on every
// page with errors: any violation fails.  Output is TAP on stdout.
//
// Environment (tests/scripts/e2e_forms.sh sets them): E2E_URL, E2E_EMAIL (a
// PCN manager of E2E_PCN), E2E_ADMIN, E2E_PASSWORD, CHROME, TAP_FIRST,
// TAP_NO_PLAN, E2E_SCREENSHOTS (a folder for full-page PNGs).
import {
  test, check, newPage, open as load, step, shot, setDate, fill, run,
} from './lib.mjs';

const EMAIL = process.env.E2E_EMAIL || '';
const ADMIN = process.env.E2E_ADMIN || '';
const PASSWORD = process.env.E2E_PASSWORD || '';
const PCN = process.env.E2E_PCN || 'U10001';
const DESK = `/pcn/${PCN}/desk`;

let formsChecked = 0;

async function open(page, url, status = 200) {
  const resp = await load(page, url);
  check(resp && resp.status() === status, `GET ${url}: status ${resp && resp.status()}, expected ${status}`);
  return resp;
}

// Marks the form that holds `inner` (a selector) so that it can be named.
async function formOf(page, inner) {
  const ok = await page.evaluate((sel) => {
    document.querySelectorAll('form[data-e2e]').forEach((f) => f.removeAttribute('data-e2e'));
    const f = document.querySelector(sel)?.closest('form');
    if (f) f.setAttribute('data-e2e', 'this');
    return !!f;
  }, inner);
  check(ok, `no form holds ${inner} on ${page.url()}`);
  return 'form[data-e2e="this"]';
}

async function submit(page, formSelector) {
  page.problems.length = 0;
  const [resp] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.$eval(`${formSelector} button[type="submit"], ${formSelector} button:not([type])`, (b) => b.click()),
  ]);
  return resp;
}

// The page after a form with mistakes: every message of `want` (in this
// order, each a text the link holds), and no other; each link on a field
// with the same message that takes the focus; `kept` values still there.
async function errorsShown(page, resp, want, kept = {}) {
  check(resp, 'no response');
  check(resp.status() === 400, `status ${resp.status()} of ${resp.url()}, expected 400`);
  const r = await page.evaluate(() => {
    const summary = document.querySelector('.nhsuk-error-summary');
    const links = [...document.querySelectorAll('.nhsuk-error-summary__list a')].map((a) => {
      const href = a.getAttribute('href') || '';
      const el = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
      const group = el && el.closest('.nhsuk-form-group--error');
      return {
        href, text: a.innerText.trim(), tag: el ? el.tagName : null,
        msg: group ? [...group.querySelectorAll('.nhsuk-error-message')].map((m) => m.innerText).join(' | ') : '',
      };
    });
    return {
      title: document.title, links, h1s: document.querySelectorAll('h1').length,
      first: summary && document.querySelector('main')?.firstElementChild?.contains(summary),
      focused: document.activeElement === summary,
    };
  });
  check(page.problems.length === 0, 'problems while loading:\n' + page.problems.join('\n'));
  check(r.title.startsWith('Error: ') && / – PCN Ops$/.test(r.title), `title "${r.title}"`);
  check(r.h1s === 1, `${r.h1s} h1 elements`);
  check(r.first, 'the error summary is not the first thing in <main>');
  check(r.focused, 'the error summary does not have the focus');
  const texts = r.links.map((l) => l.text);
  check(texts.length === want.length,
    `${texts.length} errors in the summary, expected ${want.length}:\n  ${texts.join('\n  ')}`);
  want.forEach((w, i) => check(texts[i].includes(w),
    `error ${i + 1} is "${texts[i]}", expected "${w}"; the summary:\n  ${texts.join('\n  ')}`));
  for (const l of r.links) {
    check(['INPUT', 'SELECT', 'TEXTAREA'].includes(l.tag), `the link ${l.href} lands on ${l.tag || 'nothing'}`);
    check(l.msg.includes(l.text), `the field of ${l.href} says "${l.msg}", the summary "${l.text}"`);
  }
  for (const l of r.links) {
    await page.click(`.nhsuk-error-summary__list a[href="${l.href}"]`);
    const id = await page.evaluate(() => document.activeElement && document.activeElement.id);
    check(`#${id}` === l.href, `following ${l.href} puts the focus on #${id}`);
  }
  for (const [sel, v] of Object.entries(kept)) {
    const got = await page.$eval(sel, (e) => e.value);
    check(got === v, `${sel} is "${got}", "${v}" was typed`);
  }
  formsChecked++;
}

async function signIn(browser, email) {
  const { ctx, page } = await newPage(browser);
  await open(page, '/sign-in');
  await page.type('#email', email);
  await page.type('#password', PASSWORD);
  const resp = await submit(page, 'form[action="/sign-in"]');
  check(resp.status() === 200 && !page.url().endsWith('/sign-in'), `signing in as ${email}: ${resp.status()} ${page.url()}`);
  return { ctx, page };
}

// A form: its name, and what to do (open, fill, send, check), then axe-core.
const form = step;

const WTE = 'Enter the WTE as a number from 0.01 to 1.0';
const RANGE_POUNDS = 'from £0 to £1,000,000';

async function manager(browser) {
  let page, ctx, resp, f;
  await test('a PCN manager signs in', async () => { ({ ctx, page } = await signIn(browser, EMAIL)); });
  if (!page) return;

  await form(page, 'ARRS: adding a staff member with letters in the WTE, a cost of £99,999,999,999,999,999 and 32 12', async () => {
    await open(page, `/pcn/${PCN}/arrs/staff/new`);
    f = await formOf(page, '#wte');
    await fill(page, '#name', '');
    await setDate(page, 'start', 32, 12, 2025);
    await fill(page, '#wte', 'one');
    await fill(page, '#annual_cost', '£99,999,999,999,999,999');
    resp = await submit(page, f);
    await errorsShown(page, resp, [
      "Enter the staff member's full name",
      'The first day in post must be a real date, like 23 11 2026',
      `${WTE}, like 0.6`,
      `Enter the annual cost in pounds, ${RANGE_POUNDS}`,
    ], { '#wte': 'one', '#annual_cost': '£99,999,999,999,999,999', '#start-day': '32' });
    await shot(page, 'forms-arrs-staff.png');
  });

  await form(page, "ARRS: a staff member's change of hours and pay, and a leaver's last day", async () => {
    await open(page, `/pcn/${PCN}/arrs/staff`);
    const href = await page.$eval('main a[href*="/arrs/staff/"]:not([href$="/new"])', (a) => a.getAttribute('href'));
    await open(page, href);
    f = await formOf(page, '#cost');
    await setDate(page, 'from', 31, 2, 2026);
    await fill(page, '#wte', '1.5');
    await fill(page, '#cost', 'lots');
    resp = await submit(page, f);
    await errorsShown(page, resp, [
      'The date the change starts must be a real date',
      `${WTE}, like 0.8`,
      `Enter the annual cost in pounds, ${RANGE_POUNDS}`,
    ], { '#wte': '1.5', '#cost': 'lots', '#from-day': '31' });
    f = await formOf(page, '#end-day');
    await setDate(page, 'end', 1, 1, 2010);
    resp = await submit(page, f);
    await errorsShown(page, resp, ['The last day in post must be from 1 June 2025 to 23 November 2027'],
      { '#end-year': '2010' });
  });

  await form(page, "ARRS: recording a claim's progress with 32 13 and letters for the amount", async () => {
    await open(page, `/pcn/${PCN}/arrs/claims?month=2025-10`);
    resp = await submit(page, 'form[action$="/arrs/claims/draft"]');
    check(resp.status() === 200, `drafting: ${resp.status()}`);
    f = await formOf(page, '#on-day');
    await setDate(page, 'on', 32, 13, 2025);
    await fill(page, '#amount', 'abc');
    resp = await submit(page, f);
    await errorsShown(page, resp, [
      'The date must be a real date',
      `Enter the amount in pounds, ${RANGE_POUNDS}`,
    ], { '#amount': 'abc', '#on-month': '13' });
  });

  await form(page, 'ARRS: the recruitment planner with a WTE not in tenths, a priority of 11 and a cost in words', async () => {
    await open(page, `/pcn/${PCN}/arrs/plan`);
    await page.$eval('#role_1', (s) => { s.selectedIndex = 1; });
    await fill(page, '#min_1', '0.55');
    await fill(page, '#weight_1', '11');
    await fill(page, '#cost_1', 'seventy thousand');
    resp = await submit(page, 'form[action$="/arrs/plan"]');
    await errorsShown(page, resp, [
      'Enter the fewest WTE of post 1 in tenths, from 0.1 to 1.0',
      'Enter the priority of post 1 as a whole number from 1 to 10',
      'Enter the annual cost of post 1 in pounds, from £0.01 to £1,000,000',
    ], { '#min_1': '0.55', '#weight_1': '11', '#cost_1': 'seventy thousand' });
  });

  await form(page, 'Funding inputs: 1,000,000,000 care home beds', async () => {
    await open(page, `/pcn/${PCN}/funding/inputs`);
    f = await formOf(page, '#beds');
    await fill(page, '#beds', '1000000000');
    resp = await submit(page, f);
    await errorsShown(page, resp, ['Enter the number of care home beds as a whole number from 0 to 10,000'],
      { '#beds': '1000000000' });
    await shot(page, 'forms-funding-beds.png');
  });

  await form(page, "Funding inputs: populations at 32 1 with a practice's figure in letters", async () => {
    await open(page, `/pcn/${PCN}/funding/inputs`);
    f = await formOf(page, '#pop_date-day');
    const wid = await page.$eval(`${f} input[id^="weighted-"]`, (e) => e.id);
    const code = wid.slice('weighted-'.length);
    await fill(page, '#pop_date-day', '32');
    await fill(page, `#${wid}`, 'many');
    await fill(page, `#adjusted-${code}`, '2000000');
    resp = await submit(page, f);
    await errorsShown(page, resp, [
      'The date of the populations must be a real date',
      `Enter the weighted population of ${code} as a number from 0 to 1,000,000`,
      `Enter the adjusted population of ${code} as a number from 0 to 1,000,000`,
    ], { [`#${wid}`]: 'many', '#pop_date-day': '32' });
  });

  await form(page, 'Funding inputs: a CAIP share of 120 per cent', async () => {
    await open(page, `/pcn/${PCN}/funding/inputs`);
    f = await formOf(page, '#achieved');
    await fill(page, '#achieved', '120');
    resp = await submit(page, f);
    await errorsShown(page, resp, ['Enter the share achieved as a number from 0 to 100'], { '#achieved': '120' });
  });

  await form(page, "Funding inputs: the Network Agreement's fixed shares, every practice wrong", async () => {
    await open(page, `/pcn/${PCN}/funding/inputs`);
    f = await formOf(page, '#method');
    await page.click('#method-3');
    const ids = await page.$$eval(`${f} input[id^="share-"]`, (es) => es.map((e) => e.id));
    check(ids.length >= 2, `${ids.length} practices' shares`);
    for (const id of ids) await fill(page, `#${id}`, 'half');
    resp = await submit(page, f);
    await errorsShown(page, resp, ids.map((id) => `Enter the share of ${id.slice(6)} as a percentage from 0 to 100`),
      Object.fromEntries(ids.map((id) => [`#${id}`, 'half'])));
  });

  await form(page, "The PCN's own figures: a figure in letters from 31 2 with no source", async () => {
    await open(page, `/pcn/${PCN}/rules`);
    f = await formOf(page, '#value');
    await page.$eval('#what', (s) => {
      const o = [...s.options].find((x) => x.value.startsWith('arrs_maxima|'));
      s.value = o.value;
    });
    await fill(page, '#value', 'abc');
    await setDate(page, 'from', 31, 2, 2026);
    resp = await submit(page, f);
    await errorsShown(page, resp, [
      'Enter the maximum in pounds per WTE a year',
      'The first day must be a real date, like 23 11 2026',
      'Enter where the figure comes from',
    ], { '#value': 'abc', '#from-day': '31' });
  });

  await form(page, 'IIF: figures entered in letters and below zero', async () => {
    await open(page, `/pcn/${PCN}/iif/enter`);
    f = await formOf(page, '#numerator');
    await fill(page, '#numerator', 'sixty');
    await fill(page, '#denominator', '-50');
    resp = await submit(page, f);
    await errorsShown(page, resp, ['Enter the numerator as a whole number from 0 to 10,000,000',
      'Enter the denominator as a whole number from 0 to 10,000,000'],
    { '#numerator': 'sixty', '#denominator': '-50' });
  });

  await form(page, 'CAIP: evidence too long and a declaration outside the year', async () => {
    await open(page, `/pcn/${PCN}/caip?year=2025-26`);
    f = await formOf(page, '#declared-day');
    const eid = await page.$eval(`${f} textarea[id^="evidence-"]`, (e) => e.id);
    await page.$eval(`#${eid}`, (e) => { e.value = 'x'.repeat(2001); });
    await setDate(page, 'declared', 2, 4, 2026);
    resp = await submit(page, f);
    await errorsShown(page, resp, ['characters or fewer',
      'The declaration date must be from 1 April 2025 to 31 March 2026'], { '#declared-year': '2026' });
  });

  await form(page, "The desk's time: 32 12, letters for the hours and no category; the meeting box starts unticked", async () => {
    await open(page, `${DESK}/time`);
    check(!(await page.$eval('#meeting', (e) => e.checked)), '"It was a meeting" is ticked before the user ticks it');
    f = await formOf(page, '#hours');
    await setDate(page, 'date', 32, 12, 2026);
    await fill(page, '#hours', 'two');
    await fill(page, '#title', 'ICB board');
    resp = await submit(page, f);
    await errorsShown(page, resp, [
      'The date must be a real date, like 23 11 2026',
      'Enter the time in hours, like 1.5, or hours and minutes, like 1:30',
      'Select a category',
    ], { '#hours': 'two', '#title': 'ICB board', '#date-day': '32' });
    check(!(await page.$eval('#meeting', (e) => e.checked)), 'the meeting box came back ticked');
    await shot(page, 'forms-desk-time.png');
  });

  await form(page, "The desk's requests: 31 2, no one asking, nothing asked and letters for the hours", async () => {
    await open(page, `${DESK}/requests`);
    f = await formOf(page, '#requester');
    await setDate(page, 'received', 31, 2, 2026);
    await fill(page, '#hours', 'lots');
    resp = await submit(page, f);
    await errorsShown(page, resp, ['The date it was asked must be a real date, like 23 11 2026',
      'Enter who asked', 'Enter what they asked for', 'Enter the estimate in hours, like 4 or 1.5',
      "Select whether it is within the clinical director's role"],
      { '#hours': 'lots', '#received-day': '31' });
  });

  await form(page, "The desk's stakeholders: no name and no place on the grid", async () => {
    await open(page, `${DESK}/stakeholders`);
    f = await formOf(page, '#influence');
    await fill(page, '#organisation', 'House of Commons');
    resp = await submit(page, f);
    await errorsShown(page, resp, ['Enter their name', 'Select their influence', 'Select their interest'],
      { '#organisation': 'House of Commons' });
  });

  await form(page, "The desk's supervision: 32 12 and letters for the length", async () => {
    await open(page, `${DESK}/supervision`);
    f = await formOf(page, '#session-day');
    await setDate(page, 'session', 32, 12, 2026);
    await fill(page, `${f} #hours`, 'many');
    resp = await submit(page, f);
    const texts = await page.$$eval('.nhsuk-error-summary__list a', (as) => as.map((a) => a.innerText));
    check(texts.length >= 2, `only ${texts.length} error(s): ${texts.join('; ')}`);
    await errorsShown(page, resp, texts.map((t) => t.trim()), { '#session-day': '32', '#hours': 'many' });
  });

  await form(page, "The desk's delegation: a responsibility not chosen", async () => {
    await open(page, `${DESK}/delegation`);
    f = await formOf(page, '#area');
    resp = await submit(page, f);
    await errorsShown(page, resp, ['Select the responsibility']);
    f = await formOf(page, '#area');
    await page.click('#area');
    resp = await submit(page, f);
    check(resp.status() === 200, `adding a responsibility: ${resp.status()}`);
  });

  await form(page, "The desk's delegation: 32 12, a share of 250 and no lead", async () => {
    await open(page, `${DESK}/delegation`);
    await page.$eval('#responsibility', (s) => { s.selectedIndex = 1; });
    f = await formOf(page, '#cd_share');
    await setDate(page, 'from', 32, 12, 2026);
    await fill(page, '#cd_share', '250');
    await fill(page, '#lead', '');
    resp = await submit(page, f);
    await errorsShown(page, resp, ['The date must be a real date', 'Enter the name of the lead',
      'Enter the share the clinical director still holds, a whole number from 0 to 100'], { '#cd_share': '250', '#from-day': '32' });
  });

  await form(page, "The meeting brief: a meeting on 32 12 is an error, not dropped", async () => {
    await open(page, `${DESK}/brief`);
    f = await formOf(page, '#meeting-day');
    await setDate(page, 'meeting', 32, 12, 2026);
    resp = await submit(page, f);
    await errorsShown(page, resp, ['The date of the meeting must be a real date, like 23 11 2026'],
      { '#meeting-day': '32' });
  });
  await ctx.close();
}

async function admin(browser) {
  let page, ctx, resp, f;
  await test('an administrator signs in', async () => { ({ ctx, page } = await signIn(browser, ADMIN)); });
  if (!page) return;
  await form(page, "The audit log's filter takes day, month and year: 32 12 and a missing month", async () => {
    await open(page, '/admin/audit');
    f = await formOf(page, '#from-day');
    await setDate(page, 'from', 32, 12, 2026);
    await setDate(page, 'to', 1, '', 2026);
    resp = await submit(page, f);
    await errorsShown(page, resp, ['The first day must be a real date, like 23 11 2026',
      'The last day must include a month'], { '#from-day': '32', '#to-year': '2026' });
    await shot(page, 'forms-audit.png');
  });
  await ctx.close();
}

process.exitCode = await run('forms', async (browser) => {
  await manager(browser);
  await admin(browser);
}, () => `${formsChecked} forms showed every error at once`);
