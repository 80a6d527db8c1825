import puppeteer from 'puppeteer-core';
const [,, base, email, pw, ...urls] = process.argv;
const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', headless: true, userDataDir: '/tmp/money/profile', args: ['--headless=new','--no-sandbox','--disable-gpu']});
const page = await browser.newPage();
await page.setViewport({width: 1280, height: 900});
await page.goto(base + '/sign-in');
await page.type('#email', email); await page.type('#password', pw);
await Promise.all([page.waitForNavigation(), page.$eval('form[action="/sign-in"] button[type="submit"]', b => b.click())]);
let i = 0;
for (const u of urls) {
  const r = await page.goto(base + u, {waitUntil: 'load'});
  i++;
  await page.screenshot({path: `/tmp/money/shots/p${i}.png`, fullPage: true});
  console.log(u, r.status());
}
await browser.close();
