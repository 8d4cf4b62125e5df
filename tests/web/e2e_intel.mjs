// End-to-end test of the office's intelligence pages of the web portal
// (docs/web.md) in Debian's chromium, driven by playwright-core, with
// axe-core on every page visited. An analyst opens an indicator from
// intel search, revokes it with a reason and restores it; previews an
// advisory's STIX bundle, copies and downloads it; fetches, disables and
// enables a feed source; uploads a feed file and reads its per-line
// rejections; releases alerts held in the office's queue one by one and
// in bulk after a confirmation. An agency officer opens the same
// indicator without the steps /me does not allow it. Each step is then
// checked through the API.
//
// usage: node e2e_intel.mjs BASE_URL ANALYST PASSWORD OFFICER OFFICER_PASSWORD
// env:   GISAC_CHROMIUM (default /usr/bin/chromium),
//        GISAC_SCREENSHOT_DIR (zh-TW screenshots; none when unset)
import { readFileSync } from 'node:fs';
import { apiAt, args, axe, check, checkEq, login, run, shot, submitForm } from './e2e_lib.mjs';

const [base, user, password, officer, officerPassword] = args('e2e_intel.mjs', ['BASE_URL', 'ANALYST', 'PASSWORD', 'OFFICER', 'OFFICER_PASSWORD']);

const api = (path, opts = {}) => apiAt(base, path, { as: [user, password], ...opts });
const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
const field = async (page, name) => (await page.locator(`[data-testid="indicator"] [data-field="${name}"] dd`).textContent()).trim();
const basic = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

// before the login (401); the feed fetch below fails on purpose (502); the officer is refused the office's queue (403)
await run(/status of (401 \(Unauthorized\)|502 \(Bad Gateway\)|403 \(Forbidden\))/, async (page, context) => {
  await login(page, base, user, password, '各機關未結案事件');
  checkEq('the analyst\'s navigation ends with the intelligence pages', ['告警釋出', '情資來源', '上傳情資'],
    (await page.getByRole('navigation').getByRole('link').allTextContents()).map((s) => s.trim()).slice(-3));
  const me = (await api('/me')).body;
  checkEq('the analyst may write intelligence and is staff', ['any', 'read-intel', 'write-intel', 'read-agency', 'staff'], me.access);

  // --- the indicator page, opened from intel search --------------------------------------
  await nav(page, '情資查詢');
  await page.fill('[name="value"]', 'www.bad-two[.]example');
  await page.getByRole('button', { name: '查詢', exact: true }).click();
  await page.getByRole('link', { name: '開啟情資 bad-two.example' }).click();
  await page.getByRole('heading', { name: '情資指標', level: 1 }).waitFor();
  await page.locator('[data-testid="indicator"]').waitFor();
  checkEq('the indicator\'s facts', ['網域名稱', 'bad-two.example', '有效', 'TLP:GREEN', '分享中：TLP:GREEN 可讀者皆可取得', '90', '0 次'],
    [await field(page, 'type'), await field(page, 'value'), await field(page, 'status'), await field(page, 'tlp'), await field(page, 'share'), await field(page, 'confidence'), await field(page, 'sightings')]);
  check('first seen in local time with the 民國 year and the offset', /^民國\d+年\d+月\d+日 \d\d:\d\d（\d{4}-\d\d-\d\d \+08:00）$/.test(await field(page, 'first_seen')), await field(page, 'first_seen'));
  checkEq('its source', 'liaison', (await page.locator('tr[data-source="liaison"] th').textContent()).trim());
  await axe(page, 'the indicator page');
  await shot(page, 'indicator');
  await page.fill('#ind-reason', '誤報：為合法網站');
  await page.getByRole('button', { name: '撤銷此情資' }).click();
  await page.getByText('已撤銷 bad-two.example。').waitFor();
  checkEq('shown revoked, no longer shared', ['已撤銷', '不分享（已撤銷）'], [await field(page, 'status'), await field(page, 'share')]);
  checkEq('stored revocation', 'revoked', (await api('/indicators/domain/bad-two.example')).body.status);
  await axe(page, 'the indicator page, revoked');
  await page.fill('#ind-reason', '經查證確為惡意');
  await page.getByRole('button', { name: '恢復此情資' }).click();
  await page.getByText('已恢復 bad-two.example。').waitFor();
  checkEq('stored restoration', 'active', (await api('/indicators/domain/bad-two.example')).body.status);
  checkEq('shown active again', '有效', await field(page, 'status'));

  // --- an advisory's STIX preview -----------------------------------------------------------
  await nav(page, '資安警訊');
  const link = page.getByRole('link', { name: /^預覽 GISAC-ADV-\d{4}-\d{4} 的 STIX$/ });
  const advId = /(GISAC-ADV-\d{4}-\d{4})/.exec(await link.textContent())[1];
  await link.click();
  await page.getByRole('heading', { name: `${advId} 的 STIX 2.1 內容` }).waitFor();
  await page.locator('[data-testid="stix"]').waitFor();
  const res = await fetch(`${base}/api/v1/advisories/${advId}/stix`, { headers: { Authorization: basic } });
  const served = await res.text();
  checkEq('the server\'s bundle, indented', JSON.stringify(JSON.parse(served), null, 2), await page.locator('[data-testid="stix"]').textContent());
  checkEq('a bundle with the report last', ['bundle', 'report'], [JSON.parse(served).type, JSON.parse(served).objects.at(-1).type]);
  await axe(page, 'the STIX preview');
  await shot(page, 'advisory-stix');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下載' }).click()]);
  checkEq('the download\'s name', `${advId}-r1.stix.json`, download.suggestedFilename());
  checkEq('the download is the server\'s bundle byte for byte', served, readFileSync(await download.path(), 'utf8'));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await page.getByRole('button', { name: '複製' }).click();
  await page.getByText('已複製到剪貼簿。').waitFor();
  checkEq('the copy is the server\'s bundle', served, await page.evaluate(() => navigator.clipboard.readText()));

  // --- feed sources ---------------------------------------------------------------------------
  checkEq('a source added', 201, (await api('/feeds', { method: 'POST', body: { name: 'abuse-ch', url: 'http://127.0.0.1:9/feed.txt', every: '6h' } })).status);
  await nav(page, '情資來源');
  await page.getByRole('heading', { name: '情資來源', level: 1 }).waitFor();
  const row = page.locator('tr[data-feed="abuse-ch"]');
  await row.waitFor();
  const cells = async () => (await row.locator('td').allTextContents()).map((s) => s.trim());
  checkEq('its schedule, last fetch and state', ['每 6 小時', '尚未抓取', '等待首次抓取'], [(await cells())[0], (await cells())[1], (await cells())[3]]);
  await page.getByRole('button', { name: '立即抓取 abuse-ch' }).click();
  await page.locator('[data-testid="feeds-done"]', { hasText: '抓取 abuse-ch 失敗：' }).waitFor();
  await row.locator('[data-state="failing"]').waitFor();
  checkEq('shown failing', '抓取失敗 · 連續失敗 1 次', (await cells())[3]);
  const fetched = (await api('/feeds/abuse-ch')).body.status;
  checkEq('stored failure', [1, true], [fetched.failures, !!fetched.last_error]);
  checkEq('its error shown', fetched.last_error, (await cells())[4]);
  checkEq('indicators per source', ['2', '2'], (await page.locator('tr[data-source="liaison"] td').allTextContents()).map((s) => s.trim()));
  await axe(page, 'the feed sources');
  await shot(page, 'feeds');
  await page.getByRole('button', { name: '停用 abuse-ch' }).click();
  await page.getByText('已停用 abuse-ch。').waitFor();
  checkEq('stored disabling', false, (await api('/feeds/abuse-ch')).body.enabled);
  await page.getByRole('button', { name: '啟用 abuse-ch' }).click();
  await page.getByText('已啟用 abuse-ch。').waitFor();
  checkEq('stored enabling', true, (await api('/feeds/abuse-ch')).body.enabled);

  // --- feed upload ----------------------------------------------------------------------------
  await nav(page, '上傳情資');
  await page.getByRole('heading', { name: '上傳情資', level: 1 }).waitFor();
  await page.setInputFiles('#up-file', { name: 'partner.txt', mimeType: 'text/plain', buffer: Buffer.from('up-one.example\nup-two.example\nnot a thing\n') });
  await submitForm(page, { '#up-source': '上傳測試', '#up-format': 'plain', '#up-tlp': 'amber', '#up-confidence': '70' }, '上傳並匯入');
  await page.locator('[data-testid="upload-summary"]').waitFor();
  checkEq('the summary', '新增 2 筆，合併 0 筆，拒絕 1 筆。', (await page.locator('[data-testid="upload-summary"] p[role="status"]').textContent()).trim());
  checkEq('the rejection with its line', ['第 3 行', '拒絕'], [
    (await page.locator('table.upload-messages tbody th').textContent()).trim(),
    (await page.locator('table.upload-messages tbody td').first().textContent()).trim(),
  ]);
  check('the server\'s message', (await page.locator('table.upload-messages tbody td').nth(1).textContent()).includes('domain needs at least two labels'));
  const up = (await api('/indicators/domain/up-one.example')).body;
  checkEq('stored upload', ['amber', 70, ['上傳測試']], [up.tlp, up.confidence, up.sources.map((s) => s.name)]);
  await axe(page, 'the feed upload');
  await shot(page, 'upload');

  // --- the office's alert release -------------------------------------------------------------
  await nav(page, '告警釋出');
  await page.getByRole('heading', { name: '待釋出的監控告警' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-alert]').length === 3);
  const held = (await api('/alerts?queue=office&status=open')).body.alerts;
  checkEq('the office\'s queue as the API lists it', held.map((a) => a.id), await page.locator('tr[data-alert]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-alert'))));
  await axe(page, 'the alert release');
  await shot(page, 'release');
  const [one, ...rest] = held.map((a) => a.id);
  checkEq('hidden from the officer before', 404, (await apiAt(base, `/alerts/${one}`, { as: [officer, officerPassword] })).status);
  await page.getByRole('button', { name: `釋出 ${one}` }).click();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-alert]').length === 2);
  checkEq('one released', '已處理 1 筆，失敗 0 筆。', (await page.locator('[data-testid="release-outcome"] p').first().textContent()).trim());
  const a1 = (await api(`/alerts/${one}`)).body;
  checkEq('stored release', ['agency', user], [a1.queue, a1.released_by]);
  checkEq('the officer sees it now', 200, (await apiAt(base, `/alerts/${one}`, { as: [officer, officerPassword] })).status);
  await page.getByRole('checkbox', { name: '勾選本頁全部告警' }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('heading', { name: '釋出已勾選的 2 筆告警' }).waitFor();
  await page.getByRole('button', { name: '釋出…' }).click();
  await page.getByRole('alertdialog').waitFor();
  checkEq('the confirmation names them', `確定將 2 筆告警（${rest.join('、')}）釋出給各自的機關？機關將可讀取其情資。`, (await page.locator('#release-confirm-text').textContent()).trim());
  checkEq('the confirmation has the focus', '確定釋出', await page.evaluate(() => document.activeElement?.textContent));
  await axe(page, 'the release confirmation');
  for (const id of rest) checkEq(`not released before the confirmation: ${id}`, 'office', (await api(`/alerts/${id}`)).body.queue);
  await page.keyboard.press('Enter');
  await page.getByText('沒有待釋出的告警。').waitFor();
  checkEq('bulk outcome', '已處理 2 筆，失敗 0 筆。', (await page.locator('[data-testid="release-outcome"] p').first().textContent()).trim());
  for (const id of rest) {
    const a = (await api(`/alerts/${id}`)).body;
    checkEq(`stored bulk release of ${id}`, ['agency', user], [a.queue, a.released_by]);
  }

  // --- English ----------------------------------------------------------------------------------
  await page.selectOption('#lang', 'en');
  await nav(page, 'Feed sources');
  await page.getByRole('heading', { name: 'Feed sources', level: 1 }).waitFor();
  await page.locator('tr[data-feed="abuse-ch"]').waitFor();
  checkEq('English schedule', 'every 6 h', (await page.locator('tr[data-feed="abuse-ch"] td').first().textContent()).trim());
  await axe(page, 'the feed sources (en)');
  await nav(page, 'Feed upload');
  await page.getByRole('heading', { name: 'Feed upload', level: 1 }).waitFor();
  await axe(page, 'the feed upload (en)');
  await page.goto(`${base}/indicators/domain/bad-two.example`);
  await page.getByRole('heading', { name: 'Indicator', level: 1 }).waitFor();
  await page.locator('[data-testid="indicator"]').waitFor();
  check('English time with the offset', /^\d{4}-\d\d-\d\d \d\d:\d\d \+08:00$/.test(await field(page, 'first_seen')), await field(page, 'first_seen'));
  await axe(page, 'the indicator page (en)');
  await page.selectOption('#lang', 'zh-TW');
  await page.getByRole('button', { name: '登出' }).click();
  await page.getByRole('heading', { name: '登入' }).waitFor();

  // --- an agency officer: the indicator without the steps, no office queue -------------------------
  await login(page, base, officer, officerPassword, '本機關未結案事件');
  check('no office pages in the officer\'s navigation', !(await page.getByRole('navigation').getByRole('link').allTextContents()).some((s) => ['告警釋出', '情資來源', '上傳情資'].includes(s.trim())));
  checkEq('the officer may not write intelligence', ['any', 'read-intel', 'read-agency'], (await apiAt(base, '/me', { as: [officer, officerPassword] })).body.access);
  await page.goto(`${base}/indicators/domain/bad-one.example`);
  await page.getByRole('heading', { name: '情資指標', level: 1 }).waitFor();
  await page.locator('[data-testid="indicator"]').waitFor();
  await page.waitForLoadState('networkidle');
  checkEq('no revoke step for the officer', 0, await page.getByRole('button', { name: '撤銷此情資' }).count());
  checkEq('sightings are the office\'s', '僅資安中心人員可見', await field(page, 'sightings'));
  await axe(page, 'the indicator page (officer)');
  await page.goto(`${base}/release`);
  await page.getByRole('heading', { name: '待釋出的監控告警' }).waitFor();
  await page.locator('p.error[role="alert"]').waitFor();
  checkEq('no release step for the officer', 0, await page.getByRole('button', { name: /^釋出/ }).count());
  await page.goto(`${base}/upload`);
  await page.getByText('上傳情資限資安中心人員（管理者、分析師）。').waitFor();
  checkEq('no upload form for the officer', 0, await page.getByRole('button', { name: '上傳並匯入' }).count());
  await axe(page, 'the feed upload (officer)');
});
