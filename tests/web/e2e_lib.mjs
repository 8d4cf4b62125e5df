// e2e_lib.mjs: what every end-to-end test of the web portal shares:
// Debian's chromium through playwright-core (never a downloaded browser),
// the count of checks, axe-core on a page, zh-TW screenshots, the end.
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
