// tests/e2e/desk.mjs: the clinical director's desk in Debian's chromium
// (puppeteer-core, offline), signed in as a clinical director through the
// real form.  The main flows: log time (and an error that keeps what was
// typed), import a calendar and confirm it, record a request and delegate
// it, add a stakeholder and a meeting with a follow-up (overdue on the home
// page), delegate a responsibility, log supervision, and print the meeting
// brief on one A4 page.  axe-core's WCAG 2.0 to 2.2 A and AA rules run on
// every page the journey ends on: any violation fails.  The time form is
// also used with JavaScript turned off.  Output is TAP on stdout.
//
// Environment (tests/scripts/e2e_desk.sh sets them): E2E_URL, E2E_EMAIL,
// E2E_PASSWORD, E2E_PCN (the clinical director's PCN), CHROME, TAP_FIRST,
// TAP_NO_PLAN, E2E_SCREENSHOTS (a folder for full-page PNGs).
import fs from 'node:fs';
import path from 'node:path';
import {
  root, SHOTS, axePages, test, check, checkHas, axe, watch, newPage, open, submit, frame, step, shot,
  setDate, fill, run,
} from './lib.mjs';

const EMAIL = process.env.E2E_EMAIL || '';
const PASSWORD = process.env.E2E_PASSWORD || '';
const PCN = process.env.E2E_PCN || 'U10001';
const DESK = `/pcn/${PCN}/desk`;

async function journey(browser) {
  const { ctx, page } = await newPage(browser);
  let resp, f;

  await step(page, 'a clinical director signs in and finds the desk in the navigation', async () => {
    resp = await open(page, '/sign-in');
    await page.type('#email', EMAIL);
    await page.type('#password', PASSWORD);
    resp = await submit(page, 'form[action="/sign-in"]');
    f = await frame(page, resp, { h1: 'What needs doing' });
    const nav = await page.$eval('header.nhsuk-header', (e) => e.innerHTML);
    checkHas(nav, `href="${DESK}"`, 'header navigation');
  });

  await step(page, 'the desk overview', async () => {
    resp = await open(page, DESK);
    f = await frame(page, resp, { h1: "Clinical director's desk" });
    checkHas(f.main, 'Funded time a week', 'overview');
    // 2026/27's row carries the 2025/26 figure: provisional.
    checkHas(f.main, 'Provisional', 'the funded time is provisional');
  });

  await step(page, 'logging time with a negative duration shows the error and keeps what was typed', async () => {
    resp = await open(page, `${DESK}/time`);
    await frame(page, resp, { h1: 'Time' });
    await setDate(page, 'date', 20, 11, 2026);
    await fill(page, '#hours', '-2');
    await page.click('#category-3');            /* ICB and system meetings */
    await fill(page, '#title', 'ICB primary care board');
    resp = await submit(page, 'form[method="post"][action$="/desk/time"]');
    f = await frame(page, resp, { status: 400, h1: 'Time', error: true });
    const e = await page.evaluate(() => ({
      summary: document.querySelector('.nhsuk-error-summary')?.innerText || '',
      focused: document.activeElement === document.querySelector('.nhsuk-error-summary'),
      hours: document.querySelector('#hours').value,
      title: document.querySelector('#title').value,
      cat: document.querySelector('#category-3').checked,
    }));
    checkHas(e.summary, 'Time spent must be more than 0', 'error summary');
    check(e.focused, 'the error summary has no focus');
    check(e.hours === '-2' && e.title === 'ICB primary care board' && e.cat, `typed values lost: ${JSON.stringify(e)}`);
  });

  await step(page, 'logging time: the activity is saved and shown in the weekly view', async () => {
    await fill(page, '#hours', '1.5');
    resp = await submit(page, 'form[method="post"][action$="/desk/time"]');
    f = await frame(page, resp, { h1: 'Time' });
    checkHas(f.main, 'Time logged', 'success banner');
    checkHas(f.main, 'ICB primary care board', 'activity table');
    const charts = await page.$$eval('svg.pcnops-chart', (s) => s.length);
    check(charts >= 2, `${charts} charts`);
    const styles = await page.$$eval('svg [style]', (s) => s.length);
    check(styles === 0, 'an SVG element has a style attribute');
    await shot(page, 'desk-time.png');
  });

  await step(page, 'the monthly view', async () => {
    resp = await open(page, `${DESK}/time?view=month`);
    f = await frame(page, resp, { h1: 'Time' });
    checkHas(f.main, 'Hours logged each month', 'monthly table');
  });

  await step(page, 'a calendar file is checked, then added once confirmed', async () => {
    resp = await open(page, `${DESK}/time/import`);
    await frame(page, resp, { h1: 'Import meetings from a calendar' });
    const input = await page.$('input[type="file"][name="file"]');
    await input.uploadFile(path.join(root, 'tests/data/desk/good.ics'));
    resp = await submit(page, 'form[action$="/time/import"]');
    f = await frame(page, resp, { h1: 'Check the meetings to add' });
    checkHas(f.main, '3 meetings were found', 'confirmation');
    resp = await submit(page, 'form[action$="/time/import/confirm"]');
    f = await frame(page, resp, { h1: 'Time' });
    checkHas(f.main, 'Calendar events added to the log', 'banner');
  });

  await step(page, "Outlook's repeating meetings come as each occurrence, the moved one where it moved to", async () => {
    resp = await open(page, `${DESK}/time/import`);
    await frame(page, resp, { h1: 'Import meetings from a calendar' });
    const input = await page.$('input[type="file"][name="file"]');
    await input.uploadFile(path.join(root, 'tests/data/desk/outlook-weekly.ics'));
    resp = await submit(page, 'form[action$="/time/import"]');
    f = await frame(page, resp, { h1: 'Check the meetings to add' });
    checkHas(f.main, '7 meetings were found', 'confirmation');
    const rows = await page.$$eval('table tbody tr', (trs) => trs.length);
    check(rows === 7, `${rows} rows in the table of meetings, expected 7`);
    checkHas(f.main, 'PCN board (moved)', 'moved instance');
  });

  await step(page, 'a request to performance-manage a practice is recorded and delegated', async () => {
    resp = await open(page, `${DESK}/requests`);
    await frame(page, resp, { h1: 'Requests' });
    await setDate(page, 'received', 2, 11, 2026);
    await fill(page, '#requester', 'Sam Lee');
    await fill(page, '#organisation', 'NHS Alpha ICB');
    await fill(page, '#what', 'Hold North Surgery to account for its access figures');
    await fill(page, '#hours', '4');
    await page.click('#within');
    await page.click('#performance_management');
    await page.click('#decision-3');            /* delegate */
    await fill(page, '#delegate_to', 'Alex Manager');
    resp = await submit(page, 'form[action$="/desk/requests"]');
    f = await frame(page, resp, { h1: 'Requests' });
    checkHas(f.main, 'Outside the role', 'role tag');
    checkHas(f.main, 'Delegated', 'decision tag');
    checkHas(f.main, 'to Alex Manager', 'lead');
  });

  await step(page, 'the requests report for the month', async () => {
    resp = await open(page, `${DESK}/requests/report?from=2026-11-01&to=2026-11-30`);
    f = await frame(page, resp, { h1: 'Requests report' });
    checkHas(f.main, 'Demand against funded time', 'report');
  });

  await step(page, 'a stakeholder and a meeting with a follow-up', async () => {
    resp = await open(page, `${DESK}/stakeholders`);
    await frame(page, resp, { h1: 'Stakeholders and engagement' });
    await fill(page, '#name', 'Jo Bloggs MP');
    await page.select('#kind', 'mp');
    await page.click('#influence-5');
    await page.click('#interest-3');
    resp = await submit(page, 'form[action$="/desk/stakeholders"]');
    await frame(page, resp, { h1: 'Stakeholders and engagement' });
    await setDate(page, 'date', 2, 11, 2026);
    await page.select('#stakeholder', '1');
    await fill(page, '#purpose', 'Visit to North Surgery');
    await fill(page, '#asks', 'Support for new premises');
    await setDate(page, 'follow_up', 16, 11, 2026);
    resp = await submit(page, 'form[action$="/desk/engagements"]');
    f = await frame(page, resp, { h1: 'Stakeholders and engagement' });
    checkHas(f.main, 'Meeting recorded', 'banner');
    checkHas(f.main, 'Overdue', 'follow-up tag');
    check(await page.$('svg#grid, svg[aria-labelledby^="grid-title"]'), 'no influence and interest grid');
    await shot(page, 'desk-stakeholders.png');
  });

  await step(page, 'an MP is found in the list of sitting MPs and added in a few clicks', async () => {
    resp = await open(page, `${DESK}/stakeholders`);
    await frame(page, resp, { h1: 'Stakeholders and engagement' });
    await fill(page, '#mp_q', 'Rushmoor');
    resp = await submit(page, 'form[action$="/desk/stakeholders#mps"]');
    f = await frame(page, resp, { h1: 'Stakeholders and engagement' });
    checkHas(f.main, 'Alex Baker MP', 'MP found');
    checkHas(f.main, 'alex.baker.mp@parliament.uk', 'MP email');
    resp = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
                              page.click('a[href$="?mp=E14001063#add"]')]).then((r) => r[0]);
    await frame(page, resp, { h1: 'Stakeholders and engagement' });
    check(await page.$eval('#name', (e) => e.value) === 'Alex Baker MP', 'name not filled in');
    await page.click('#influence-4');
    await page.click('#interest-4');
    resp = await submit(page, 'form[action$="/desk/stakeholders"]');
    f = await frame(page, resp, { h1: 'Stakeholders and engagement' });
    checkHas(f.main, 'Stakeholder added', 'banner');
    checkHas(f.main, 'MP for Aldershot (Labour)', 'role');
  });

  await step(page, "the brief for a meeting with the MP is one click from the register", async () => {
    const links = await page.$$eval('a[href*="/brief?audience=mp&with="]', (as) => as.map((a) => a.textContent));
    const i = links.findIndex((t) => t.includes('Alex Baker MP'));
    check(i >= 0, `no brief link for the MP: ${links.join('; ')}`);
    const link = (await page.$$('a[href*="/brief?audience=mp&with="]'))[i];
    resp = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]).then((r) => r[0]);
    f = await frame(page, resp, { h1: 'Meeting brief' });
    checkHas(f.main, 'for a meeting with Alex Baker MP, MP for Aldershot (Labour)', 'brief');
  });

  await step(page, 'the overdue follow-up is on the home page', async () => {
    resp = await open(page, '/');
    f = await frame(page, resp, { h1: 'What needs doing' });
    checkHas(f.main, 'Follow-ups due', 'home block');
    checkHas(f.main, 'Jo Bloggs MP', 'home block');
  });

  await step(page, 'a responsibility is delegated', async () => {
    resp = await open(page, `${DESK}/delegation`);
    await frame(page, resp, { h1: 'Delegation' });
    await page.click('#area');                  /* ARRS recruitment */
    resp = await submit(page, 'form[action$="/desk/delegation"]:last-of-type');
    await frame(page, resp, { h1: 'Delegation' });
    await page.select('#responsibility', '1');
    await setDate(page, 'from', 1, 6, 2026);
    await fill(page, '#lead', 'Alex Manager');
    await fill(page, '#cd_share', '20');
    resp = await submit(page, 'form[action$="/desk/delegation"]');
    f = await frame(page, resp, { h1: 'Delegation' });
    checkHas(f.main, 'Alex Manager', 'register');
  });

  await step(page, 'supervision of the ARRS staff', async () => {
    resp = await open(page, `${DESK}/supervision`);
    f = await frame(page, resp, { h1: 'Supervision' });
    checkHas(f.main, 'Tom Green', 'staff');
    await page.select('form[action$="/supervision"] #staff', await page.$eval('#staff option:nth-child(2)', (o) => o.value));
    await fill(page, '#supervisor', 'Dr Ahmed');
    resp = await submit(page, 'form[action$="/desk/supervision"]');
    f = await frame(page, resp, { h1: 'Supervision' });
    checkHas(f.main, 'Supervision record saved', 'banner');
  });

  await step(page, 'the meeting brief prints on one A4 page', async () => {
    resp = await open(page, `${DESK}/brief?audience=mp`);
    f = await frame(page, resp, { h1: 'Meeting brief' });
    checkHas(f.main, 'Registered patients', 'brief');
    checkHas(f.main, 'Support for new premises', 'main asks');
    await page.emulateMediaType('print');
    const hidden = await page.evaluate(() => ['header.nhsuk-header', 'footer.nhsuk-footer', 'nav.nhsuk-contents-list', 'main form']
      .map((s) => document.querySelector(s)).every((e) => !e || getComputedStyle(e).display === 'none'));
    check(hidden, 'the header, footer, navigation or forms print');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    check(pages === 1, `the brief prints on ${pages} pages`);
    if (SHOTS) fs.writeFileSync(path.join(SHOTS, 'desk-brief.pdf'), pdf);
    await page.emulateMediaType('screen');
  });

  // Without JavaScript: the forms are plain HTML.
  const nojs = await ctx.newPage();
  await nojs.setJavaScriptEnabled(false);
  nojs.problems = watch(nojs);
  await test('logging time works with JavaScript turned off', async () => {
    resp = await open(nojs, `${DESK}/time`);
    await frame(nojs, resp, { h1: 'Time' });
    await setDate(nojs, 'date', 21, 11, 2026);
    await fill(nojs, '#hours', '1:30');
    await nojs.click('#category');              /* with member practices */
    resp = await submit(nojs, 'form[method="post"][action$="/desk/time"]');
    f = await frame(nojs, resp, { h1: 'Time' });
    checkHas(f.main, 'Time logged', 'banner');
    // Scripts back on without a reload: axe-core checks the page as it
    // rendered without JavaScript.
    await nojs.setJavaScriptEnabled(true);
    await axe(nojs);
  });
  await ctx.close();
}

process.exitCode = await run('desk', journey, () => `axe-core: ${axePages} desk pages checked`);
