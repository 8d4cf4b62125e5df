// e2e_lib.mjs: what every end-to-end test of the web portal shares:
// its arguments, Debian's chromium through playwright-core (never a
// downloaded browser) with a zh-TW page whose errors are collected, the
// API as an account, the login form, the count of checks, axe-core on a
// page, zh-TW screenshots, the end.
//
// env: GISAC_CHROMIUM (default /usr/bin/chromium),
//      GISAC_SCREENSHOT_DIR (zh-TW screenshots; none when unset)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(join(here, '../../web/package.json'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = process.env.GISAC_SCREENSHOT_DIR || '';

let checks = 0;
let fails = 0;

export function check(what, ok, detail = '') {
  checks++;
  if (!ok) {
    fails++;
    console.error(`FAIL: ${what}${detail ? `\n  ${detail}` : ''}`);
  }
}

export function checkEq(what, want, got) {
  check(what, JSON.stringify(want) === JSON.stringify(got), `expected: ${JSON.stringify(want)}\n  actual:   ${JSON.stringify(got)}`);
}

// A step that threw: one failure, with its stack.
export function failed(e) {
  fails++;
  console.error(`FAIL: ${e.stack || e}`);
}

// axe-core on the page as it is: no violation.
export async function axe(page, what) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const res = await axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(`axe: no violation on ${what}`, r.length === 0, r.join('\n  '));
}

export async function shot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.GISAC_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=zh-TW'],
  });
}

// The end: the page problems seen (errors, CSP violations) are one more
// check; exit 1 when any check failed.
export function finish(problems) {
  check('no page error, console error or CSP violation', problems.length === 0, problems.join('\n  '));
  if (fails) {
    console.error(`${fails} of ${checks} checks failed`);
    process.exit(1);
  }
  console.log(`all ${checks} checks passed`);
}

// The script's arguments: the values of names (all given and not empty),
// or the usage line and exit 2.
export function args(script, names) {
  const v = process.argv.slice(2);
  if (names.some((_, i) => !v[i])) {
    console.error(`usage: node ${script} ${names.join(' ')}`);
    process.exit(2);
  }
  return v;
}

// A request to the API at base: as [name, password] (HTTP Basic) or with a
// bearer token; body sent as JSON, or as is with its content type. The
// answer: { status, body } with body parsed from JSON (null when not JSON).
export async function apiAt(base, path, { as, token, method = 'GET', body, type } = {}) {
  const headers = token
    ? { Authorization: `Bearer ${token}` }
    : { Authorization: `Basic ${Buffer.from(`${as[0]}:${as[1]}`).toString('base64')}` };
  if (body !== undefined) headers['Content-Type'] = type ?? 'application/json';
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : type ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: json };
}

// Log in through the portal's login page at base; done when the page
// with heading shows.
export async function login(page, base, name, pw, heading) {
  await page.goto(`${base}/login`);
  await page.getByRole('heading', { name: '登入' }).waitFor();
  await page.fill('input[autocomplete="username"]', name);
  await page.fill('input[autocomplete="current-password"]', pw);
  await page.click('button[type="submit"]');
  await page.getByRole('heading', { name: heading }).waitFor();
}

// The test's run: the browser launched, a zh-TW context (1100x900) and
// its page, whose errors and console errors (but those matching allowed)
// are collected; steps(page, context); a step that threw is one failure;
// then the browser closed and the end (finish).
export async function run(allowed, steps) {
  const browser = await launch();
  const problems = [];
  try {
    const context = await browser.newContext({ locale: 'zh-TW', viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !allowed.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    await steps(page, context);
  } catch (e) {
    failed(e);
  } finally {
    await browser.close();
  }
  finish(problems);
}

// Fill a form: each field (a selector: its value) in the order given, a
// select by choosing the option; then click the button named button.
export async function submitForm(page, fields, button) {
  for (const [sel, value] of Object.entries(fields)) {
    const field = page.locator(sel);
    if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  await page.getByRole('button', { name: button }).click();
}

// The text of the <code> in [data-testid="id"] (a password or secret shown
// once), trimmed, once it shows.
export async function shownCode(page, id) {
  await page.locator(`[data-testid="${id}"]`).waitFor();
  return (await page.locator(`[data-testid="${id}"] code`).textContent()).trim();
}
