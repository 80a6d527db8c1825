// tests/e2e/home.mjs: the home page of each role in Debian's chromium
// (puppeteer-core, offline), signed in through the real form as a clinical
// director, a PCN manager, an ICB user and an admin on the store
// tests/scripts/e2e_home.sh makes (1 December 2026): each home lists what
// that store makes due, and each item's link leads where it is done.  Then
// the header's search, a code in lower case with a trailing slash, and
// accounts: an admin disables and enables an account, changes its role,
// makes a one-time reset link that its owner uses once, and the owner
// changes their own password.  axe-core's WCAG 2.0 to 2.2 A and AA rules run
// on every page: any violation fails.  Output is TAP on stdout.
//
// Environment (tests/scripts/e2e_home.sh sets them): E2E_URL, E2E_PASSWORD,
// CHROME, TAP_FIRST, TAP_NO_PLAN, E2E_SCREENSHOTS (a folder for PNGs).
import {
  BASE, axePages, test, check, checkHas, axe, newPage, open, submit, frame, step, shot, fill, run,
} from './lib.mjs';

const PASSWORD = process.env.E2E_PASSWORD || '';

async function signIn(page, email, password = PASSWORD) {
  await open(page, '/sign-in');
  await fill(page, '#email', email);
  await fill(page, '#password', password);
  return submit(page, 'form[action="/sign-in"]');
}

// The rows of the table captioned `caption`, as their cells' text.
async function rows(page, caption) {
  return page.evaluate((cap) => {
    const t = [...document.querySelectorAll('table')].find((x) => x.caption && x.caption.innerText.trim() === cap);
    if (!t) return null;
    return [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.innerText.trim()));
  }, caption);
}

// Follows the link with these words inside the row holding `text`.
async function follow(page, caption, text, linkWords) {
  const href = await page.evaluate((cap, txt, words) => {
    const t = [...document.querySelectorAll('table')].find((x) => x.caption && x.caption.innerText.trim() === cap);
    const r = t && [...t.tBodies[0].rows].find((x) => x.innerText.includes(txt));
    const a = r && [...r.querySelectorAll('a')].find((x) => x.innerText.trim().startsWith(words));
    return a ? a.getAttribute('href') : null;
  }, caption, text, linkWords);
  check(href, `no link "${linkWords}" in the row "${text}" of "${caption}"`);
  return open(page, href);
}

async function journey(browser) {
  let resp, f, r;

  // ---- the clinical director of U10001 ----
  const cd = await newPage(browser);
  await step(cd.page, 'a clinical director signs in: the home page says what needs doing', async () => {
    resp = await signIn(cd.page, 'cd@example.org');
    f = await frame(cd.page, resp, { h1: 'What needs doing' });
    checkHas(f.main, 'NORTH PCN (U10001)', 'caption');
    checkHas(f.main, '5 things need doing', 'summary');
    r = await rows(cd.page, 'ARRS claims');
    check(r && r.length === 1, `ARRS claims rows: ${JSON.stringify(r)}`);
    checkHas(r[0][0], "2 posts' claims for November 2026 not yet submitted", 'claims');
    r = await rows(cd.page, 'Money due this month');
    checkHas(r[0][0], 'PCN DES payments for December 2026', 'money');
    check(/^£[0-9,]+\.[0-9]{2}$/.test(r[0][1]), `money amount "${r[0][1]}"`);
    r = await rows(cd.page, 'Requests awaiting a decision');
    checkHas(r[0][0], 'Jane Lead, ICB asks: Lead the winter access plan', 'request');
    checkHas(r[0][1], '5 December 2026', 'request due');
    r = await rows(cd.page, 'Follow-ups due');
    checkHas(r[0][0], 'Follow up with Alex Place: Estates bid', 'follow-up');
    checkHas(r[0][2], 'Overdue', 'follow-up state');
    r = await rows(cd.page, 'Supervision overdue');
    check(r && r.length === 1, `supervision rows: ${JSON.stringify(r)}`);
    checkHas(r[0][0], 'Tom Green (Social prescribing link worker): supervision', 'supervision');
    r = await rows(cd.page, 'Figures the rules do not know');
    checkHas(r[0][0], 'maximum reimbursable amount for a Care coordinator is not known', 'not known');
    r = await rows(cd.page, 'Declarations and deadlines this year');
    check(r && r.length >= 2, 'deadlines');
    check(r[0][1] === '31 March 2027' && r[0][2] === 'Open' && r[r.length - 1][2] === 'Passed', `deadlines: ${JSON.stringify(r)}`);
    const nav = await cd.page.$$eval('.nhsuk-header__navigation-link', (a) => a.map((x) => [x.innerText.trim(), x.getAttribute('href')]));
    for (const [words, href] of [['Funding', '/pcn/U10001/funding'], ['ARRS', '/pcn/U10001/arrs'], ['IIF', '/pcn/U10001/iif'], ['Desk', '/pcn/U10001/desk']])
      check(nav.some((x) => x[0] === words && x[1] === href), `header: no ${words} to ${href} in ${JSON.stringify(nav)}`);
    await shot(cd.page, 'home-cd.png');
  });
  for (const [caption, text, words, h1] of [
    ['ARRS claims', 'not yet submitted', 'Claims for November 2026', 'Claims for November 2026'],
    ['Requests awaiting a decision', 'winter access plan', 'Decide', 'Request from Jane Lead, ICB'],
    ['Supervision overdue', 'Tom Green', 'Log supervision', 'Supervision'],
    ['Figures the rules do not know', 'Care coordinator', 'Enter it', "The PCN's own figures"],
  ]) {
    await test(`one click from the home page: "${words}" leads where it is done`, async () => {
      await open(cd.page, '/');
      resp = await follow(cd.page, caption, text, words);
      f = await frame(cd.page, resp, {});
      checkHas(f.h1[0], h1, 'h1');
    });
  }

  // ---- the PCN manager of U10002 ----
  const mg = await newPage(browser);
  await step(mg.page, "a PCN manager's home: the claim awaiting payment, the request and supervision", async () => {
    resp = await signIn(mg.page, 'manager@example.org');
    f = await frame(mg.page, resp, { h1: 'What needs doing' });
    checkHas(f.main, 'SOUTH AND VALE PCN (U10002)', 'caption');
    r = await rows(mg.page, 'ARRS claims');
    check(r && r.length === 2, `ARRS claims rows: ${JSON.stringify(r)}`);
    checkHas(r[0][0], "1 post's claim for November 2026 not yet submitted", 'claims');
    checkHas(r[1][0], '1 claim submitted or approved and not yet paid', 'awaiting');
    check(r[1][1] === '£5,581', `awaiting amount "${r[1][1]}"`);
    r = await rows(mg.page, 'Requests awaiting a decision');
    checkHas(r[0][0], 'Cover the flu clinic rota', 'request');
    r = await rows(mg.page, 'Supervision overdue');
    checkHas(r[0][0], 'Priya Shah (Clinical pharmacist)', 'supervision');
    checkHas(f.main, 'No follow-up is due or overdue.', 'no follow-ups');
    check(!f.main.includes('Tom Green') && !f.main.includes('Alex Place'), 'another PCN\'s records on the page');
    await shot(mg.page, 'home-manager.png');
  });

  // ---- the ICB user of QAA ----
  const icb = await newPage(browser);
  await step(icb.page, "an ICB user's home: its PCNs at a glance", async () => {
    resp = await signIn(icb.page, 'icb@example.org');
    f = await frame(icb.page, resp, { h1: 'Your PCNs at a glance' });
    checkHas(f.main, '2 PCNs have claims for November 2026 not yet submitted', 'summary');
    checkHas(f.main, '1 PCN has claims submitted or approved and not yet paid, £5,581 in all', 'summary');
    r = await rows(icb.page, 'PCNs of this ICB');
    check(r && r.length === 2, `rows ${JSON.stringify(r)}`);
    const north = r.find((x) => x[0] === 'NORTH PCN (U10001)'), south = r.find((x) => x[0] === 'SOUTH AND VALE PCN (U10002)');
    check(north && north[1] === '2' && north[2].startsWith('2') && north[5] === '16' && north[6] === 'At risk' &&
      north[7].startsWith('1 role'), `U10001 row ${JSON.stringify(north)}`);
    check(south && south[1] === '1' && south[3] === '£5,581' && south[4] === '£5,581' && south[5] === '7',
      `U10002 row ${JSON.stringify(south)}`);
    const nav = await icb.page.$$eval('.nhsuk-header__navigation-link', (a) => a.map((x) => x.getAttribute('href')));
    check(nav.includes('/icb/QAA/funding'), `header ${JSON.stringify(nav)}`);
    await shot(icb.page, 'home-icb.png');
  });
  for (const [text, words] of [['U10001', '2'], ['U10001', '1 role'], ['U10002', 'SOUTH AND VALE PCN']]) {
    await test(`an ICB user's home: "${words}" of ${text} leads to a page it may read`, async () => {
      await open(icb.page, '/');
      resp = await follow(icb.page, 'PCNs of this ICB', text, words);
      await frame(icb.page, resp, {});
    });
  }
  await step(icb.page, 'the header search finds a PCN by part of its name, in any case', async () => {
    await open(icb.page, '/');
    await fill(icb.page, '#search-field', 'vale');
    resp = await submit(icb.page, 'form#search');
    f = await frame(icb.page, resp, { h1: 'Search results' });
    check(await icb.page.$eval('#search-field', (e) => e.value) === 'vale', 'the header box lost the words');
    r = await rows(icb.page, 'Organisations found');
    check(r && r.some((x) => x[0] === 'U10002' && x[1] === 'SOUTH AND VALE PCN'), `results ${JSON.stringify(r)}`);
    // an organisation of another ICB is not listed
    resp = await open(icb.page, '/search?q=U20001');
    f = await frame(icb.page, resp, { h1: 'Search results' });
    checkHas(f.main, 'No ICB, PCN or practice you can see matches', 'another ICB');
    await shot(icb.page, 'search.png');
  });
  await step(icb.page, 'a search of one letter is refused with the error summary', async () => {
    resp = await open(icb.page, '/search?q=a');
    f = await frame(icb.page, resp, { status: 400, h1: 'Search', error: true });
    checkHas(f.main, 'Enter 2 to 100 characters', 'error');
  });
  await test('a code in lower case with a trailing slash is redirected to its address', async () => {
    resp = await open(icb.page, '/pcn/u10002/?x=1');
    check(resp.url() === `${BASE}/pcn/U10002?x=1`, `ended at ${resp.url()}`);
    const chain = resp.request().redirectChain();
    check(chain.length === 1 && chain[0].response().status() === 301, 'not one 301');
    // another ICB's PCN: redirected, then refused as any other
    resp = await open(icb.page, '/pcn/u20001/');
    check(resp.status() === 404 && resp.url() === `${BASE}/pcn/U20001`, `${resp.status()} at ${resp.url()}`);
  });

  // ---- the admin ----
  const ad = await newPage(browser);
  await step(ad.page, "an admin's home: imports, accounts and rules needing attention", async () => {
    resp = await signIn(ad.page, 'admin@example.org');
    f = await frame(ad.page, resp, { h1: 'Administration' });
    checkHas(f.main, 'Registry (practices and PCNs)\t1 July 2023', 'imports');
    checkHas(f.main, 'Needs attention', 'imports');
    checkHas(f.main, '5 accounts, 0 disabled', 'accounts');
    r = await rows(ad.page, 'Accounts that have never signed in');
    check(r && r.some((x) => x[0] === 'leaver@example.org'), `never signed in ${JSON.stringify(r)}`);
    checkHas(f.main, 'There is no folder for 2027/28 yet', 'rules');
    check(/2026\/27: [0-9,]+ figures? (is|are) carried/.test(f.main), 'rules: carried figures');
    await shot(ad.page, 'home-admin.png');
  });
  let userUrl;
  await step(ad.page, 'the admin disables an account, and enables it again', async () => {
    await open(ad.page, '/');
    resp = await follow(ad.page, 'Accounts that have never signed in', 'leaver@example.org', 'leaver@example.org');
    f = await frame(ad.page, resp, { h1: 'leaver@example.org' });
    userUrl = new URL(ad.page.url()).pathname;
    resp = await submit(ad.page, `form[action="${userUrl}"]:has(input[value="disable"])`);
    f = await frame(ad.page, resp, { h1: 'leaver@example.org' });
    checkHas(f.main, 'Status\tDisabled', 'status');
    r = await rows(ad.page, 'Changes to this account, newest first');
    check(r && r[0][1] === 'Disabled' && r[0][2] === 'admin@example.org', `history ${JSON.stringify(r)}`);
    resp = await submit(ad.page, `form[action="${userUrl}"]:has(input[value="enable"])`);
    f = await frame(ad.page, resp, { h1: 'leaver@example.org' });
    checkHas(f.main, 'Status\tActive', 'status');
    await shot(ad.page, 'user.png');
  });
  await step(ad.page, 'a role change to an organisation that is not in the registry is refused, then made', async () => {
    await ad.page.select('#role', 'pcn-manager');
    await fill(ad.page, '#org', 'U99999');
    resp = await submit(ad.page, `form[action="${userUrl}"]:has(input[value="role"])`);
    f = await frame(ad.page, resp, { status: 400, h1: 'leaver@example.org', error: true });
    checkHas(f.main, 'There is a problem', 'error summary');
    await axe(ad.page);
    await fill(ad.page, '#org', 'U10002');
    resp = await submit(ad.page, `form[action="${userUrl}"]:has(input[value="role"])`);
    f = await frame(ad.page, resp, { h1: 'leaver@example.org' });
    checkHas(f.main, 'Role\tPCN manager', 'role');
    r = await rows(ad.page, 'Changes to this account, newest first');
    check(r[0][1] === 'Role or organisation changed', `history ${JSON.stringify(r[0])}`);
  });
  let link;
  await step(ad.page, 'the admin makes a one-time reset link, shown once', async () => {
    resp = await submit(ad.page, `form[action="${userUrl}"]:has(input[value="reset"])`);
    f = await frame(ad.page, resp, { h1: 'leaver@example.org' });
    link = await ad.page.$eval('#reset-link', (e) => e.innerText.trim());
    check(/\/reset\/[A-Za-z0-9_-]{43}$/.test(link), `link "${link}"`);
    resp = await open(ad.page, userUrl);
    f = await frame(ad.page, resp, { h1: 'leaver@example.org' });
    check(!f.main.includes(link.split('/').pop()), 'the link is shown again');
  });
  const lv = await newPage(browser);
  const newPassword = 'e2e copper meadow silently harbour kite';
  await step(lv.page, 'its owner sets a new password with the link, which then stops working', async () => {
    resp = await open(lv.page, new URL(link).pathname);
    f = await frame(lv.page, resp, { h1: 'Set a new password' });
    await axe(lv.page);
    await shot(lv.page, 'reset.png');
    await fill(lv.page, '#new', newPassword);
    await fill(lv.page, '#confirm', newPassword);
    resp = await submit(lv.page, 'form[action^="/reset/"]');
    f = await frame(lv.page, resp, { h1: 'Sign in to PCN Ops' });
    checkHas(f.main, 'Your password has been changed', 'banner');
    resp = await open(lv.page, new URL(link).pathname);
    f = await frame(lv.page, resp, { status: 404, h1: 'This link does not work' });
  });
  const third = 'e2e velvet lantern softly pebble river';
  await step(lv.page, 'the owner signs in and changes their own password', async () => {
    resp = await signIn(lv.page, 'leaver@example.org', newPassword);
    f = await frame(lv.page, resp, { h1: 'What needs doing' });
    resp = await open(lv.page, '/account');
    f = await frame(lv.page, resp, { h1: 'Your account' });
    await axe(lv.page);
    await fill(lv.page, '#password', 'not the password');
    await fill(lv.page, '#new', third);
    await fill(lv.page, '#confirm', third);
    resp = await submit(lv.page, 'form[action="/account"]');
    f = await frame(lv.page, resp, { status: 400, h1: 'Your account', error: true });
    checkHas(f.main, 'The current password is not right', 'error');
    await axe(lv.page);
    await shot(lv.page, 'account-error.png');
    await fill(lv.page, '#password', newPassword);
    await fill(lv.page, '#new', third);
    await fill(lv.page, '#confirm', third);
    resp = await submit(lv.page, 'form[action="/account"]');
    f = await frame(lv.page, resp, { h1: 'Sign in to PCN Ops' });
    resp = await signIn(lv.page, 'leaver@example.org', third);
    f = await frame(lv.page, resp, { h1: 'What needs doing' });
  });
  await step(ad.page, "every change is on the account's page", async () => {
    resp = await open(ad.page, userUrl);
    f = await frame(ad.page, resp, { h1: 'leaver@example.org' });
    r = (await rows(ad.page, 'Changes to this account, newest first')).map((x) => x[1]);
    for (const w of ['Password changed', 'Password set with a reset link', 'Password reset link made',
      'Role or organisation changed', 'Enabled again', 'Disabled'])
      check(r.includes(w), `"${w}" not in ${JSON.stringify(r)}`);
  });
  for (const u of [cd, mg, icb, ad, lv]) await u.ctx.close();
}

process.exitCode = await run('home', journey, () => `axe-core: ${axePages} pages checked`);
