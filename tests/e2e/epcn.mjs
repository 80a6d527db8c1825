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
import {
  axePages, test, check, checkHas, newPage, open, submit, frame, step, shot, run,
} from './lib.mjs';

const EMAIL = process.env.E2E_EMAIL || '';
const PASSWORD = process.env.E2E_PASSWORD || '';

async function journey(browser) {
  const { ctx, page } = await newPage(browser);
  let resp, f;

  await test('an admin signs in', async () => {
    resp = await open(page, '/sign-in');
    await page.type('#email', EMAIL);
    await page.type('#password', PASSWORD);
    const r = await submit(page, 'form[action="/sign-in"]');
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

process.exitCode = await run('epcn', journey, () => `axe-core: ${axePages} pages checked`);
