// End-to-end test of the office's and the administrator's pages of the
// web portal (docs/web.md) in Debian's chromium, driven by
// playwright-core, with axe-core on every page visited. An analyst reads
// the dashboard (the alert light and the key indicators, compared with
// the API's), filters the incident queue and reviews and closes incidents
// in bulk, searches pasted defanged values with a pivot, and publishes an
// advisory; an administrator makes an account and an agency and changes
// another. Each step is then checked through the API.
//
// usage: node e2e_office.mjs BASE_URL ANALYST PASSWORD ADMIN ADMIN_PASSWORD
// env:   GISAC_CHROMIUM (default /usr/bin/chromium),
//        GISAC_SCREENSHOT_DIR (zh-TW screenshots; none when unset)
import { apiAt, args, axe, check, checkEq, login, run, shot, shownCode, submitForm } from './e2e_lib.mjs';

const [base, user, password, admin, adminPassword] = args('e2e_office.mjs', ['BASE_URL', 'ANALYST', 'PASSWORD', 'ADMIN', 'ADMIN_PASSWORD']);

const api = (path, as = [user, password]) => apiAt(base, path, { as });

const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

// the bulk close below answers 409 for one incident on purpose
await run(/(401 \(Unauthorized\)|status of 409 \(Conflict\))/, async (page) => {
  await login(page, base, user, password, '各機關未結案事件');
  checkEq('the analyst\'s navigation', ['首頁', '儀表板', '事件佇列', '審核佇列', '監控告警', '情資查詢', '資安警訊', '通報事件', '情資目擊紀錄', '通報政策', '義務與期限'],
    (await page.getByRole('navigation').getByRole('link').allTextContents()).map((s) => s.trim()).slice(0, 11)); // the intelligence pages follow: e2e_intel.mjs

  // --- the dashboard ------------------------------------------------------------------
  await nav(page, '儀表板');
  await page.getByRole('heading', { name: '資安情勢儀表板' }).waitFor();
  const st = (await api('/status')).body;
  const kpi = (await api('/report/kpi')).body;
  checkEq('the whole light as the API says', st.light, await page.locator('[data-testid="light"] [data-light]').getAttribute('data-light'));
  check('the light in words', /^整體燈號：\s*(綠|藍|黃|橙|紅)燈$/.test((await page.locator('[data-testid="light"]').textContent()).trim()), await page.locator('[data-testid="light"]').textContent());
  checkEq('a row per sector', st.sectors.map((s) => s.sector).sort(), (await page.locator('tr[data-sector]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-sector')))).sort());
  for (const x of kpi.targets) {
    const cells = (await page.locator(`tr[data-target="${x.id}"] td`).allTextContents()).map((s) => s.trim());
    checkEq(`target ${x.id}`, [String(x.value), String(x.target), x.met ? '達成' : '未達成'], cells);
  }
  checkEq('incidents by level as the KPI report says', ['undetermined', '1', '2', '3', '4'].map((k) => String(kpi.incidents.by_level[k])),
    await page.locator('tr[data-level] .bar-value').allTextContents());
  await axe(page, 'the dashboard');
  await shot(page, 'dashboard');

  // --- the incident queue: filter, bulk review, bulk close -------------------------------------
  await nav(page, '事件佇列');
  await page.getByRole('heading', { name: '各機關事件佇列' }).waitFor();
  await page.locator('tr[data-incident]').first().waitFor();
  checkEq('every open incident', 4, await page.locator('tr[data-incident]').count());
  await page.fill('#q-agency', 'school');
  await page.getByRole('button', { name: '套用篩選' }).click();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-incident]').length === 2);
  const schoolIds = await page.locator('tr[data-incident]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-incident')));
  checkEq('the school\'s only', ['school', 'school'], (await page.locator('tr[data-incident] td:nth-child(3)').allTextContents()).map((s) => s.trim()));
  await axe(page, 'the incident queue');
  await shot(page, 'queue');
  await page.getByRole('checkbox', { name: '勾選本頁全部事件' }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('heading', { name: '處理已勾選的 2 筆事件' }).waitFor();
  await page.locator('.triage').getByRole('button', { name: '審核通過' }).click();
  await page.locator('[data-testid="queue-results"]').waitFor();
  checkEq('bulk review outcome', '已處理 2 筆，失敗 0 筆。', (await page.locator('[data-testid="queue-results"] p').first().textContent()).trim());
  for (const id of schoolIds) checkEq(`stored review of ${id}`, 'reviewed', (await api(`/incidents/${id}`)).body.status);
  // closing: the draft is dismissed, the reviewed incident may not be closed yet (409, shown)
  await page.fill('#q-agency', '');
  await page.getByRole('button', { name: '套用篩選' }).click();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-incident]').length === 4);
  const draftId = await page.locator('tr[data-incident]', { hasText: '疑似惡意連線' }).getAttribute('data-incident');
  await page.getByRole('checkbox', { name: `勾選事件 ${schoolIds[0]}` }).check();
  await page.getByRole('checkbox', { name: `勾選事件 ${draftId}` }).check();
  await page.fill('#close-reason', '誤報，已確認非攻擊');
  await page.getByRole('button', { name: '結案' }).click();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-incident]').length === 3);
  checkEq('bulk close outcome', '已處理 1 筆，失敗 1 筆。', (await page.locator('[data-testid="queue-results"] p').first().textContent()).trim());
  check('the failure is named', (await page.locator('[data-testid="queue-results"] li').textContent()).startsWith(`${schoolIds[0]}：`), await page.locator('[data-testid="queue-results"] li').textContent());
  const dismissed = (await api(`/incidents/${draftId}`)).body;
  checkEq('stored dismissal of the draft', ['closed', '誤報，已確認非攻擊'], [dismissed.status, dismissed.close_reason]);
  checkEq('the reviewed one stays', 'reviewed', (await api(`/incidents/${schoolIds[0]}`)).body.status);

  // --- intelligence search: pasted, defanged, with a pivot ---------------------------------
  await nav(page, '情資查詢');
  await page.getByRole('heading', { name: '情資查詢' }).waitFor();
  await page.fill('[name="value"]', 'hxxp://bad-one[.]example/login\nsub.bad-two[.]example\n198.51.100.9\nnothing.example');
  await page.getByRole('button', { name: '查詢', exact: true }).click();
  await page.locator('[data-testid="search-results"]').waitFor();
  checkEq('search summary', '查詢 4 筆，其中 3 筆有符合的情資。', (await page.locator('[data-testid="search-results"] > p').textContent()).trim());
  const rel = async (q, v) => (await page.locator(`section[data-query="${q}"] tr[data-hit="${v}"] td`).first().textContent()).trim();
  checkEq('a defanged URL finds its host', '網址的主機', await rel('hxxp://bad-one[.]example/login', 'bad-one.example'));
  checkEq('a subdomain finds its parent', '屬於此上層網域', await rel('sub.bad-two[.]example', 'bad-two.example'));
  checkEq('an address finds its network', '位於此網段', await rel('198.51.100.9', '198.51.100.0/24'));
  await page.locator('section[data-query="nothing.example"]', { hasText: '查無符合的情資。' }).waitFor();
  await axe(page, 'the search page');
  await shot(page, 'search');
  await page.getByRole('button', { name: '以 bad-two.example 查詢' }).click();
  await page.locator('section[data-query="bad-two.example"]').waitFor();
  checkEq('the pivot searches the value found', '完全相同', await rel('bad-two.example', 'bad-two.example'));
  checkEq('the pivot fills the box', 'bad-two.example', await page.inputValue('[name="value"]'));

  // --- advisories ---------------------------------------------------------------------------
  await nav(page, '資安警訊');
  await page.getByRole('heading', { name: '資安警訊', level: 1 }).waitFor();
  await page.getByText('尚無資安警訊。').waitFor();
  await submitForm(page, {
    '#adv-title': '釣魚網域警訊',
    '#adv-severity': 'high',
    '#adv-tlp': 'green',
    '#adv-indicators': 'bad-one[.]example',
    '#adv-cves': 'CVE-2024-3400',
    '#adv-body': '請封鎖下列網域。',
  }, '發布');
  await page.locator('[data-testid="adv-done"]').waitFor();
  const advId = /已發布 (GISAC-ADV-\d{4}-\d{4})。/.exec(await page.locator('[data-testid="adv-done"]').textContent())?.[1];
  check('advisory published', !!advId, await page.locator('[data-testid="adv-done"]').textContent());
  await page.locator(`tr[data-advisory="${advId}"]`).waitFor();
  checkEq('advisory row', ['釣魚網域警訊', '高', 'GREEN', 'bad-one.example, CVE-2024-3400'], (await page.locator(`tr[data-advisory="${advId}"] td`).allTextContents()).slice(1, 5).map((s) => s.trim()));
  await axe(page, 'the advisories page');
  await shot(page, 'advisories');
  const adv = (await api(`/advisories/${advId}`)).body;
  checkEq('stored advisory', { title: '釣魚網域警訊', severity: 'high', tlp: 'green', body: '請封鎖下列網域。', cves: ['CVE-2024-3400'], indicators: ['bad-one.example'], author: `user:${user}` },
    { title: adv.title, severity: adv.severity, tlp: adv.tlp, body: adv.body, cves: adv.cves, indicators: adv.indicators.map((i) => i.value), author: adv.author });

  // --- English ------------------------------------------------------------------------------
  await page.selectOption('#lang', 'en');
  await nav(page, 'Dashboard');
  await page.getByRole('heading', { name: 'Security situation dashboard' }).waitFor();
  check('English light', /^The whole:\s*(Green|Blue|Yellow|Orange|Red)$/.test((await page.locator('[data-testid="light"]').textContent()).trim()));
  await axe(page, 'the dashboard (en)');
  await nav(page, 'Incident queue');
  await page.getByRole('heading', { name: 'Incidents of every agency' }).waitFor();
  await axe(page, 'the incident queue (en)');
  await page.selectOption('#lang', 'zh-TW');
  await page.getByRole('button', { name: '登出' }).click();
  await page.getByRole('heading', { name: '登入' }).waitFor();

  // --- the administrator: accounts and agencies ------------------------------------------------
  await login(page, base, admin, adminPassword, '各機關未結案事件');
  await nav(page, '機關管理');
  await page.getByRole('heading', { name: '機關管理' }).waitFor();
  await submitForm(page, {
    '#ag-new-id': 'hosp',
    '#ag-new-name': '範例醫院',
    '#ag-new-grade': 'B',
    '#ag-new-sector': 'health',
    '#ag-new-parent': 'moe',
    '#ag-new-networks': '10.9.0.0/16',
  }, '建立機關');
  await page.getByText('已新增機關 hosp。').waitFor();
  const hosp = (await api('/agencies/hosp', [admin, adminPassword])).body;
  checkEq('stored agency', { id: 'hosp', name: '範例醫院', grade: 'B', sector: 'health', parent: 'moe', networks: ['10.9.0.0/16'] },
    { id: hosp.id, name: hosp.name, grade: hosp.grade, sector: hosp.sector, parent: hosp.parent, networks: hosp.networks });
  await page.locator('details[data-agency="school"] summary').click();
  await page.selectOption('#ag-school-grade', 'B');
  await page.locator('details[data-agency="school"]').getByRole('button', { name: '儲存變更' }).click();
  await page.getByText('已更新機關 school。').waitFor();
  const school = (await api('/agencies/school', [admin, adminPassword])).body;
  checkEq('stored change, the rest kept', ['B', 'moe', 'education', '國立範例高中'], [school.grade, school.parent, school.sector, school.name]);
  await axe(page, 'the agencies page');
  await shot(page, 'agencies');
  await nav(page, '帳號管理');
  await page.getByRole('heading', { name: '帳號管理' }).waitFor();
  await submitForm(page, {
    '#user-name': 'off-hosp',
    '#user-role': 'agency',
    '#user-agency': 'hosp',
  }, '建立帳號');
  const pw = await shownCode(page, 'user-made');
  const me = await api('/me', ['off-hosp', pw]);
  checkEq('the new account logs in with the password shown', [200, 'off-hosp', 'agency', 'hosp'], [me.status, me.body.name, me.body.role, me.body.agency]);
  await page.locator('tr[data-user="off-hosp"]').waitFor();
  await axe(page, 'the accounts page');
  await shot(page, 'users');
  await page.getByRole('button', { name: '停用帳號 off-hosp' }).click();
  await page.getByRole('button', { name: '啟用帳號 off-hosp' }).waitFor();
  checkEq('the account shown disabled', '停用', (await page.locator('tr[data-user="off-hosp"] td').nth(3).textContent()).trim());
  checkEq('stored disabling', 'disabled', (await api('/users/off-hosp', [admin, adminPassword])).body.status);
  checkEq('a disabled account cannot log in', 401, (await api('/me', ['off-hosp', pw])).status);
});
