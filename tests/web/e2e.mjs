// End-to-end test of the web portal (docs/web.md) in Debian's chromium,
// driven by playwright-core (never a downloaded browser), with axe-core
// run on every page visited: an agency officer logs in (zh-TW), reports
// an incident through the form (the level computed live, the one-hour
// countdown, the draft kept across a reload), uploads evidence (its
// SHA-256 shown), sees the deadlines on the incident page and on the home
// page, switches to English and logs out. Then it asserts through the
// API what the server stored, member by member.
//
// usage: node e2e.mjs BASE_URL USER PASSWORD AGENCY
// env:   GISAC_CHROMIUM (default /usr/bin/chromium),
//        GISAC_SCREENSHOT_DIR (zh-TW screenshots; none when unset)
import { createHash } from 'node:crypto';
import { apiAt, args, axe, check, checkEq, run, shot } from './e2e_lib.mjs';

const [base, user, password, agency] = args('e2e.mjs', ['BASE_URL', 'USER', 'PASSWORD', 'AGENCY']);
const ZONE = 'Asia/Taipei';

/** A wall-clock time in ZONE as "YYYY-MM-DDTHH:MM" (minutes), for a datetime-local input. */
function localInput(ms) {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const api = (path) => apiAt(base, path, { as: [user, password] });

await run(/401 \(Unauthorized\)/, async (page, context) => {
  // --- the login page (zh-TW) -------------------------------------------------
  await page.goto(`${base}/`);
  await page.waitForURL(`${base}/login`);
  await page.getByRole('heading', { name: '登入' }).waitFor();
  checkEq('html lang', 'zh-Hant-TW', await page.getAttribute('html', 'lang'));
  check('a nav landmark', (await page.locator('nav').count()) === 1);
  await axe(page, 'the login page');
  await shot(page, 'login');
  await page.fill('input[autocomplete="username"]', user);
  await page.fill('input[autocomplete="current-password"]', 'wrong password 99');
  await page.click('button[type="submit"]');
  await page.getByRole('alert').waitFor();
  checkEq('bad password message', '帳號或密碼錯誤，或帳號已停用或鎖定。', await page.getByRole('alert').textContent());
  await page.fill('input[autocomplete="current-password"]', password);
  await page.click('button[type="submit"]');

  // --- home: no incident yet -----------------------------------------------------
  await page.getByRole('heading', { name: '本機關未結案事件' }).waitFor();
  checkEq('home url', `${base}/`, page.url());
  await page.getByText('目前沒有未結案的事件。').waitFor();
  await axe(page, 'the home page (empty)');

  // --- the report form --------------------------------------------------------------
  await page.getByRole('navigation').getByRole('link', { name: '通報事件' }).click();
  await page.getByRole('heading', { name: '通報資安事件' }).waitFor();
  const awareMs = Date.now() - 10 * 60 * 1000;
  const aware = localInput(awareMs);
  await page.fill('[name="title"]', '官網首頁遭置換');
  await page.fill('[name="aware_at"]', aware);
  // the draft is kept as they type: a reload keeps it
  await page.reload();
  await page.getByRole('heading', { name: '通報資安事件' }).waitFor();
  checkEq('draft title after a reload', '官網首頁遭置換', await page.inputValue('[name="title"]'));
  checkEq('draft aware_at after a reload', aware, await page.inputValue('[name="aware_at"]'));
  await page.selectOption('[name="category"]', 'malicious-content');
  await page.selectOption('[name="asset"]', 'core');
  checkEq('asset options are localized', '核心業務（非關鍵基礎設施）', (await page.locator('[name="asset"] option:checked').textContent()).trim());
  const assetTexts = await page.locator('[name="asset"] option').allTextContents();
  check('no raw code among the asset options', !assetTexts.some((t) => /core-ci|non-core|national-secret/.test(t)), assetTexts.join(' | '));
  await page.selectOption('[name="confidentiality"]', 'minor');
  await page.locator('[data-testid="level"]', { hasText: '2 級' }).waitFor();
  await page.selectOption('[name="integrity"]', 'serious');
  await page.locator('[data-testid="level"]', { hasText: '3 級' }).waitFor();
  checkEq('level from the matrix', '3 級 · 重大資安事件', (await page.locator('[data-testid="level"]').textContent()).trim());
  await page.selectOption('[name="availability"]', 'none');
  await page.fill('[name="description"]', '上午發現首頁內容遭竄改，已先下線。');
  const left = await page.locator('[data-testid="report-countdown"]').textContent();
  check('the one-hour countdown runs', /^剩 (49|50) 分 \d+ 秒$/.test(left), left);
  await axe(page, 'the report form');
  await shot(page, 'report');
  await page.getByRole('button', { name: '送出通報' }).click();

  // --- the incident page --------------------------------------------------------------
  await page.waitForURL(/\/incidents\/INC-\d{4}-\d+$/);
  const id = decodeURIComponent(page.url().split('/').pop());
  await page.getByRole('heading', { name: `事件 ${id}：官網首頁遭置換` }).waitFor();
  checkEq('the draft is gone once sent', null, await page.evaluate(() => localStorage.getItem('gisac.draft.report')));
  const reportRow = page.locator('tr[data-deadline="report"]');
  check('report deadline shown with the 民國 year', /^民國\d+年\d+月\d+日 \d\d:\d\d（\d{4}-\d\d-\d\d \+08:00）$/.test((await reportRow.locator('td').first().textContent()).trim()), await reportRow.textContent());
  checkEq('report deadline state', '如期完成', (await reportRow.locator('td').nth(1).textContent()).trim());
  const reviewRow = page.locator('tr[data-deadline="review"]');
  check('review countdown', /^剩 1 小時 59 分$/.test((await reviewRow.locator('td').nth(2).textContent()).trim()), await reviewRow.textContent());
  // evidence upload with progress and its SHA-256
  const evBytes = Buffer.from('2026-12-07 08:12:03 GET /index.html 200 defaced\n', 'utf8');
  const evSha = createHash('sha256').update(evBytes).digest('hex');
  await page.setInputFiles('input[name="file"]', { name: 'access-log.txt', mimeType: 'text/plain', buffer: evBytes });
  await page.getByRole('button', { name: '上傳證據' }).click();
  await page.locator('[data-testid="evidence-done"]').waitFor();
  checkEq('upload message with the SHA-256', `已上傳 access-log.txt，SHA-256：${evSha}`, (await page.locator('[data-testid="evidence-done"]').textContent()).trim());
  checkEq('progress complete', '100', await page.getAttribute('#evidence-progress', 'value'));
  await page.locator('table.evidence code.hash', { hasText: evSha }).waitFor();
  await axe(page, 'the incident page');
  await shot(page, 'incident');

  // --- home: the incident with its countdown ---------------------------------------------
  await page.getByRole('navigation').getByRole('link', { name: '首頁' }).click();
  const row = page.locator(`tr[data-incident="${id}"]`);
  await row.waitFor();
  checkEq('home row', ['官網首頁遭置換', '3 級 · 重大資安事件', '已通報'], (await row.locator('td').allTextContents()).slice(1, 4));
  check('home countdown', /^剩 1 小時 59 分$/.test((await row.locator('td').nth(5).textContent()).trim()), await row.textContent());
  await axe(page, 'the home page');
  await shot(page, 'home');
  // a phone-sized screen: the same page, nothing cut off sideways
  await page.setViewportSize({ width: 390, height: 844 });
  await row.waitFor();
  checkEq('no sideways scrolling on a phone', true, await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await axe(page, 'the home page on a phone');
  await shot(page, 'home-phone');
  await page.goto(`${base}/report`);
  await page.getByRole('heading', { name: '通報資安事件' }).waitFor();
  checkEq('the report form fits a phone', true, await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await axe(page, 'the report form on a phone');
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.getByRole('navigation').getByRole('link', { name: '首頁' }).click();
  await row.waitFor();

  // --- English -------------------------------------------------------------------------
  await page.selectOption('#lang', 'en');
  await page.getByRole('heading', { name: 'Open incidents of your agency' }).waitFor();
  checkEq('html lang en', 'en', await page.getAttribute('html', 'lang'));
  check('English countdown', /^1 h 59 min left$/.test((await row.locator('td').nth(5).textContent()).trim()), await row.textContent());
  await axe(page, 'the home page (en)');
  await page.goto(`${base}/incidents/${encodeURIComponent(id)}`);
  await page.getByRole('heading', { name: `Incident ${id}: 官網首頁遭置換` }).waitFor();
  check('English time with offset', /^\d{4}-\d\d-\d\d \d\d:\d\d \+08:00$/.test((await reportRow.locator('td').first().textContent()).trim()), await reportRow.textContent());
  await axe(page, 'the incident page (en)');
  const langStored = await api('/me');
  checkEq('me still works with Basic', 200, langStored.status);
  await page.selectOption('#lang', 'zh-TW');
  await page.getByRole('heading', { name: `事件 ${id}：官網首頁遭置換` }).waitFor();

  // --- logout ends the session --------------------------------------------------------------
  await page.getByRole('button', { name: '登出' }).click();
  await page.getByRole('heading', { name: '登入' }).waitFor();
  const after = await page.evaluate(async () => (await fetch('/api/v1/session', { headers: { 'X-Requested-With': 'XMLHttpRequest' } })).status);
  checkEq('the session ended on the server', 401, after);
  checkEq('no cookie left', [], (await context.cookies()).filter((c) => c.name === 'gisac_session'));

  // --- what the server stored --------------------------------------------------------------
  const inc = await api(`/incidents/${encodeURIComponent(id)}`);
  checkEq('GET incident', 200, inc.status);
  const b = inc.body;
  checkEq('stored fields', {
    id,
    agency,
    title: '官網首頁遭置換',
    description: '上午發現首頁內容遭竄改，已先下線。',
    category: 'malicious-content',
    asset: 'core',
    confidentiality: 'minor',
    integrity: 'serious',
    availability: 'none',
    level: 3,
    major: true,
    status: 'reported',
    occurred_at: null,
    aware_at: new Date(Math.floor(awareMs / 60000) * 60000).toISOString().replace('.000Z', 'Z'),
    created_by: `user:${user}`,
  }, Object.fromEntries(['id', 'agency', 'title', 'description', 'category', 'asset', 'confidentiality', 'integrity', 'availability', 'level', 'major', 'status', 'occurred_at', 'aware_at', 'created_by'].map((k) => [k, b[k]])));
  checkEq('deadline states', { report: 'met', review: 'pending', recover: 'pending', investigation_report: 'none' }, b.deadline_states);
  const ev = await api(`/incidents/${encodeURIComponent(id)}/evidence`);
  checkEq('stored evidence', [{ n: 1, name: 'access-log.txt', size: evBytes.length, sha256: evSha, acquired_by: `user:${user}`, custodian: `user:${user}` }],
    ev.body.evidence.map((e) => ({ n: e.n, name: e.name, size: e.size, sha256: e.sha256, acquired_by: e.acquired_by, custodian: e.custodian })));
  const me = await api('/me');
  checkEq('me', user, me.body.name);
});
