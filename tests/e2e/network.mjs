// tests/e2e/network.mjs: the network's decisions and the neighbourhood team
// in Debian's chromium (puppeteer-core, offline), signed in through the real
// form as the clinical director (record a board meeting, an error that keeps
// what was typed, a decision, a vote; the neighbourhood team's partner with
// an ODS code of the wrong shape, then right, and a component's status), as
// a member practice (reads the decisions and records its own vote) and as
// the ICB (reads, no vote).  axe-core's WCAG 2.0 to 2.2 A and AA rules run on
// every page the journey ends on: any violation fails.  TAP on stdout.
//
// Environment (tests/scripts/e2e_network.sh sets them): E2E_URL, E2E_EMAIL
// and E2E_PASSWORD (the clinical director of E2E_PCN), E2E_PRACTICE_EMAIL,
// E2E_ICB_EMAIL (same password), CHROME, TAP_FIRST, TAP_NO_PLAN,
// E2E_SCREENSHOTS.
import {
  axePages, check, checkHas, axe, newPage, open, submit, frame, step, shot, setDate, fill, run,
} from './lib.mjs';

const EMAIL = process.env.E2E_EMAIL || '';
const PASSWORD = process.env.E2E_PASSWORD || '';
const PCN = process.env.E2E_PCN || 'U10001';
const DEC = `/pcn/${PCN}/decisions`;
const NBHD = `/pcn/${PCN}/neighbourhood`;
const PASSWORD_ALL = PASSWORD;
const PRACTICE_EMAIL = process.env.E2E_PRACTICE_EMAIL || '';
const ICB_EMAIL = process.env.E2E_ICB_EMAIL || '';

async function signIn(page, email) {
  let resp = await open(page, '/sign-in');
  await page.type('#email', email);
  await page.type('#password', PASSWORD_ALL);
  resp = await submit(page, 'form[action="/sign-in"]');
  return frame(page, resp, {});   // each role's home has its own heading (home.h)
}

async function journey(browser) {
  let { ctx, page } = await newPage(browser);
  let resp, f;

  await step(page, 'the clinical director opens the decisions from the PCN page', async () => {
    await signIn(page, EMAIL);
    resp = await open(page, `/pcn/${PCN}`);
    await frame(page, resp, {});
    const link = await page.$(`a[href="${DEC}"]`);
    check(link, 'the PCN page has no link to the decisions');
    resp = await open(page, DEC);
    f = await frame(page, resp, { h1: 'Network decisions' });
    checkHas(f.main, 'No decisions recorded yet.', 'empty log');
  });

  await step(page, 'a meeting with no name and no real date shows both errors and keeps the agenda', async () => {
    await setDate(page, 'meeting_date', 31, 2, 2026);
    await fill(page, '#meeting_title', '');
    await fill(page, '#meeting_agenda', 'Extended access rota');
    resp = await submit(page, 'form:has(input[value="meeting"])');
    f = await frame(page, resp, { status: 400, h1: 'Network decisions', error: true });
    const e = await page.evaluate(() => ({
      summary: document.querySelector('.nhsuk-error-summary')?.innerText || '',
      agenda: document.querySelector('#meeting_agenda').value,
    }));
    checkHas(e.summary, 'The date of the meeting must be a real date', 'error summary');
    checkHas(e.summary, "Enter the meeting's name", 'error summary');
    check(e.agenda === 'Extended access rota', `agenda lost: ${JSON.stringify(e)}`);
  });

  await step(page, 'a board meeting, a decision put to the practices and a vote recorded', async () => {
    await setDate(page, 'meeting_date', 20, 11, 2026);
    await fill(page, '#meeting_title', 'Network board, November');
    resp = await submit(page, 'form:has(input[value="meeting"])');
    f = await frame(page, resp, { h1: 'Network decisions' });
    checkHas(f.main, 'Meeting added', 'banner');
    await page.select('#decision_meeting', '1');
    await fill(page, '#decision_title', 'Extended access rota for 2027');
    resp = await submit(page, 'form:has(input[value="decision"])');
    f = await frame(page, resp, { h1: 'Network decisions' });
    checkHas(f.main, 'Extended access rota for 2027', 'the log');
    resp = await open(page, `${DEC}/1`);
    f = await frame(page, resp, { h1: 'Extended access rota for 2027' });
    await page.select('#vote_practice', 'A10004');
    await page.click('#vote_choice-2');          /* against */
    resp = await submit(page, 'form[action$="/vote"]');
    f = await frame(page, resp, { h1: 'Extended access rota for 2027' });
    checkHas(f.main, 'Vote recorded', 'banner');
    checkHas(f.main, '1 of the 2 member practices voted', 'the working');
    await shot(page, 'decision-cd.png');
  });

  await step(page, 'the neighbourhood team: a partner code of the wrong shape, then right', async () => {
    resp = await open(page, NBHD);
    f = await frame(page, resp, { h1: 'Neighbourhood team' });
    checkHas(f.main, 'Population health management', 'the six components');
    await fill(page, '#partner_name', 'Alpha Community Health NHS Trust');
    await page.select('#partner_kind', 'community_trust');
    await fill(page, '#partner_ods_code', 'RYJ01');
    resp = await submit(page, 'form:has(input[value="partner"])');
    f = await frame(page, resp, { status: 400, h1: 'Neighbourhood team', error: true });
    checkHas(f.main, "An NHS trust's ODS code is 3 characters", 'error');
    await axe(page);                       /* the page with its error summary */
    await fill(page, '#partner_ods_code', 'RYJ');
    resp = await submit(page, 'form:has(input[value="partner"])');
    f = await frame(page, resp, { h1: 'Neighbourhood team' });
    checkHas(f.main, 'RYJ', 'the partner');
    await page.select('#component_component', 'neighbourhood_mdts');
    await page.click('#component_status-3');          /* in progress */
    resp = await submit(page, 'form:has(input[value="component"])');
    f = await frame(page, resp, { h1: 'Neighbourhood team' });
    checkHas(f.main, 'In progress', 'the component');
    await shot(page, 'neighbourhood-cd.png');
  });

  await step(page, "the meeting brief for the integrated neighbourhood team's board", async () => {
    resp = await open(page, `/pcn/${PCN}/desk/brief?audience=int`);
    f = await frame(page, resp, {});
    checkHas(f.main, 'The neighbourhood', 'the brief');
    checkHas(f.main, 'In progress', 'the component recorded above');
  });
  await ctx.close();

  if (PRACTICE_EMAIL) {
    ({ ctx, page } = await newPage(browser));
    await step(page, 'a member practice reads the decisions log', async () => {
      await signIn(page, PRACTICE_EMAIL);
      resp = await open(page, DEC);
      f = await frame(page, resp, { h1: 'Network decisions' });
      checkHas(f.main, 'Extended access rota for 2027', 'the log');
      check(!f.main.includes('Record the board'), 'the practice is offered the board forms');
    });
    await step(page, 'a member practice records its own vote', async () => {
      resp = await open(page, `${DEC}/1`);
      f = await frame(page, resp, { h1: 'Extended access rota for 2027' });
      checkHas(f.main, "Your practice's vote", 'the vote form');
      await page.click('#vote_choice');            /* for */
      resp = await submit(page, 'form[action$="/vote"]');
      f = await frame(page, resp, { h1: 'Extended access rota for 2027' });
      checkHas(f.main, 'Vote recorded', 'banner');
      checkHas(f.main, 'Tied', 'the result');
    });
    await step(page, 'a member practice reads the neighbourhood team', async () => {
      resp = await open(page, NBHD);
      f = await frame(page, resp, { h1: 'Neighbourhood team' });
      check(!f.main.includes('Stakeholders of each partner'), 'the desk\'s stakeholders are shown');
    });
    await ctx.close();
  }

  if (ICB_EMAIL) {
    ({ ctx, page } = await newPage(browser));
    await step(page, 'the ICB reads a decision and is offered no vote', async () => {
      await signIn(page, ICB_EMAIL);
      resp = await open(page, `${DEC}/1`);
      f = await frame(page, resp, { h1: 'Extended access rota for 2027' });
      check(!f.main.includes('Record a vote'), 'the ICB is offered a vote');
    });
    await ctx.close();
  }
}

process.exitCode = await run('network', journey, () => `axe-core: ${axePages} pages checked`);
