// End-to-end test of the officer's pages of the web portal (docs/web.md)
// in Debian's chromium, driven by playwright-core, with axe-core on every
// page visited. The school's officer triages its alerts (two confirmed in
// bulk, ticked with the keyboard, one dismissed with a reason), reads an
// incident's revisions, hands a piece of evidence over (its chain of
// custody), prints the report (print CSS), makes and revokes a token of
// its sensor; the supervising agency's officer reviews the school's
// incident from its review queue with its countdown. Each step is then
// checked through the API: what the server stored.
//
// usage: node e2e_officer.mjs BASE_URL USER PASSWORD SUPERVISOR SUPERVISOR_PASSWORD
// env:   GISAC_CHROMIUM (default /usr/bin/chromium),
//        GISAC_SCREENSHOT_DIR (zh-TW screenshots; none when unset)
import { apiAt, args, axe, check, checkEq, login, run, shot, shownCode, submitForm } from './e2e_lib.mjs';

const [base, user, password, sup, supPassword] = args('e2e_officer.mjs', ['BASE_URL', 'USER', 'PASSWORD', 'SUPERVISOR', 'SUPERVISOR_PASSWORD']);

/** A request to the API as name (HTTP Basic, this officer unless as says), or with a bearer token. */
const api = (path, { as = [user, password], ...o } = {}) => apiAt(base, path, { as, ...o });

await run(/401 \(Unauthorized\)/, async (page) => {
  await login(page, base, user, password, '本機關未結案事件');

  // --- the alerts: three open ---------------------------------------------------------
  await page.getByRole('navigation').getByRole('link', { name: '監控告警' }).click();
  await page.getByRole('heading', { name: '本機關監控告警' }).waitFor();
  const rows = page.locator('tr[data-alert]');
  await rows.first().waitFor();
  checkEq('three open alerts', 3, await rows.count());
  const ids = await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-alert')));
  const first = page.locator(`tr[data-alert="${ids[0]}"]`);
  check('an alert row names its indicator and direction in words', /bad-(one|two|three)\.example（?\s*\(?網域名稱/.test(await first.textContent()) && /內部連往外部/.test(await first.textContent()), await first.textContent());
  check('an alert row counts down to its answer', /^剩 23 小時 \d+ 分$/.test((await first.locator('td').last().textContent()).trim()), await first.textContent());
  await axe(page, 'the alerts page');
  await shot(page, 'alerts');
  // tick two with the keyboard: focus, then Space
  await page.getByRole('checkbox', { name: `勾選告警 ${ids[0]}` }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('checkbox', { name: `勾選告警 ${ids[1]}` }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('heading', { name: '處理已勾選的 2 筆告警' }).waitFor();
  await page.getByRole('button', { name: '確認並建立事件通報' }).click();
  await page.locator('[data-testid="bulk-outcome"]').waitFor();
  checkEq('bulk confirm outcome', '已處理 2 筆，失敗 0 筆。', (await page.locator('[data-testid="bulk-outcome"] p').first().textContent()).trim());
  const incLinks = await page.locator('[data-testid="bulk-outcome"] a').allTextContents();
  checkEq('two incidents filed', 2, incLinks.length);
  await page.locator('tr[data-alert]').first().waitFor();
  checkEq('one alert left open', [ids[2]], await page.locator('tr[data-alert]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-alert'))));
  await page.getByRole('checkbox', { name: '勾選全部待處理告警' }).check();
  await submitForm(page, {
    '[name="reason"]': 'not_ours',
    '#dismiss-note': '實驗室測試流量',
  }, '不予處理');
  await page.getByText('目前沒有').or(page.getByText('沒有符合條件的告警。')).first().waitFor();
  await page.selectOption('#alert-status', '');
  await page.locator('tr[data-alert]').first().waitFor();
  checkEq('every alert listed with "all"', 3, await page.locator('tr[data-alert]').count());
  const dismissedRow = page.locator(`tr[data-alert="${ids[2]}"]`);
  check('the dismissed alert shows its reason', /不予處理 · 非本機關設備/.test(await dismissedRow.textContent()), await dismissedRow.textContent());
  for (const [i, want] of [[0, 'confirmed'], [1, 'confirmed'], [2, 'dismissed']]) {
    const a = await api(`/alerts/${ids[i]}`);
    checkEq(`stored status of ${ids[i]}`, want, a.body.status);
    if (want === 'confirmed') check(`${ids[i]} has an incident`, incLinks.includes(a.body.incident), JSON.stringify(a.body.incident));
    else checkEq(`stored dismissal of ${ids[i]}`, ['not_ours', '實驗室測試流量'], [a.body.reason, a.body.note]);
  }

  // --- an incident: revisions, custody, print ---------------------------------------------
  const id = incLinks.sort()[0];
  const enc = encodeURIComponent(id);
  const patched = await api(`/incidents/${enc}`, { method: 'PATCH', body: { integrity: 'minor', measures: '已封鎖該網域' } });
  checkEq('the officer updates the incident', [200, 1], [patched.status, patched.body?.level]);
  const up = await api(`/incidents/${enc}/evidence?name=dns.log`, { method: 'POST', body: 'query bad-one.example from 10.1.0.5\n', type: 'application/octet-stream' });
  checkEq('evidence stored', 201, up.status);
  await page.goto(`${base}/incidents/${enc}`);
  await page.getByRole('heading', { name: '修訂紀錄' }).waitFor();
  // the level changed: the next step, filing the report again, is on the page
  await page.getByRole('heading', { name: '尚待通報' }).waitFor();
  await page.fill('#pending-note', '確認為 1 級事件');
  await page.getByRole('button', { name: '提出通報' }).click();
  await page.locator('tr[data-deadline="review"] td', { hasText: '計時中' }).waitFor();
  checkEq('the report filed again', [false, 'pending'], await api(`/incidents/${enc}`).then((r) => [r.body.report_pending, r.body.deadline_states.review]));
  const rev2 = page.locator('li[data-revision="2"]');
  await rev2.waitFor();
  const rev2rows = await rev2.locator('tbody tr').evaluateAll((rs) => rs.map((r) => [...r.children].map((c) => c.textContent.trim())));
  check('revision 2 shows what changed, in words', rev2rows.some((r) => r[0] === '完整性衝擊' && r[1] === '無影響' && r[2] === '輕微洩漏或竄改') && rev2rows.some((r) => r[0] === '已採取之應變措施' && r[2] === '已封鎖該網域'), JSON.stringify(rev2rows));
  await page.getByRole('button', { name: '證據 1（dns.log）保管紀錄' }).click();
  const chain = page.locator('table.custody-chain tbody tr');
  await chain.first().waitFor();
  checkEq('custody: one entry', 1, await chain.count());
  await submitForm(page, {
    '#custody-1-to': 'forensics-lab',
    '#custody-1-reason': '送交鑑識',
  }, '移交保管');
  await page.getByText('已移交給 forensics-lab。').waitFor();
  checkEq('custody: two entries', 2, await chain.count());
  await axe(page, 'the incident page with revisions and custody');
  await shot(page, 'incident-custody');
  const evd = await api(`/incidents/${enc}/evidence/1`);
  checkEq('stored custody', ['forensics-lab', 2, 'forensics-lab', '送交鑑識'], [evd.body.custodian, evd.body.custody.length, evd.body.custody[1].to, evd.body.custody[1].reason]);
  // the printable report
  await page.getByRole('link', { name: '列印通報單' }).click();
  await page.getByRole('heading', { name: '資通安全事件通報單' }).waitFor();
  const field = async (label) => (await page.locator('table.print-fields tr', { has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('td').textContent()).trim();
  checkEq('print: the incident id', id, await field('事件編號'));
  checkEq('print: the measures', '已封鎖該網域', await field('已採取之應變措施'));
  checkEq('print: the level', '1 級', await field('等級'));
  await axe(page, 'the printable report');
  await page.emulateMedia({ media: 'print' });
  checkEq('print: no header or buttons on paper', [false, false], [await page.locator('header.top').isVisible(), await page.getByRole('button', { name: '列印' }).isVisible()]);
  await shot(page, 'print');
  await page.emulateMedia({ media: 'screen' });

  // --- sensors and tokens -------------------------------------------------------------------
  await page.getByRole('navigation').getByRole('link', { name: '偵測器與權杖' }).click();
  await page.getByRole('heading', { name: '本機關偵測器與 API 權杖' }).waitFor();
  await page.locator('tr[data-sensor="sen-school"]').waitFor();
  checkEq('the sensor listed', ['sen-school', '啟用'], (await page.locator('tr[data-sensor="sen-school"] td').allTextContents()).slice(0, 2));
  checkEq('the sensor\'s token listed', 1, await page.locator('tr[data-token]', { hasText: 'sen-school' }).count());
  await submitForm(page, {
    '#token-user': 'sen-school',
    '#token-name': '第二台偵測器',
    '#token-days': '30',
  }, '建立權杖');
  const secret = await shownCode(page, 'token-secret');
  check('the secret shown once', /^gisac_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/.test(secret), secret);
  const tokId = secret.split('_')[1];
  await page.locator(`tr[data-token="${tokId}"]`).waitFor();
  await axe(page, 'the sensors page');
  await shot(page, 'sensors');
  const meSensor = await api('/me', { token: secret });
  checkEq('the new token acts as the sensor', [200, 'sen-school'], [meSensor.status, meSensor.body?.name]);
  const listed = await api('/tokens?user=sen-school');
  checkEq('stored token', { user: 'sen-school', name: '第二台偵測器', status: 'active' }, (({ user: u, name, status }) => ({ user: u, name, status }))(listed.body.tokens.find((x) => x.id === tokId)));
  await page.getByRole('button', { name: `撤銷權杖 ${tokId}` }).click();
  await page.locator(`tr[data-token="${tokId}"] td`, { hasText: '已撤銷' }).waitFor();
  checkEq('the revoked token is refused', 401, (await api('/me', { token: secret })).status);

  // --- English ------------------------------------------------------------------------------
  await page.goto(`${base}/alerts`);
  await page.getByRole('heading', { name: '本機關監控告警' }).waitFor();
  await page.selectOption('#lang', 'en');
  await page.getByRole('heading', { name: 'Monitoring alerts of your agency' }).waitFor();
  await page.selectOption('#alert-status', '');
  await page.locator('tr[data-alert]').first().waitFor();
  check('English alert row', /Dismissed · Not our equipment/.test(await page.locator(`tr[data-alert="${ids[2]}"]`).textContent()));
  await axe(page, 'the alerts page (en)');
  await page.selectOption('#lang', 'zh-TW');
  await page.getByRole('heading', { name: '本機關監控告警' }).waitFor();
  await page.getByRole('button', { name: '登出' }).click();
  await page.getByRole('heading', { name: '登入' }).waitFor();

  // --- the supervisor's review queue ------------------------------------------------------------
  await login(page, base, sup, supPassword, '本機關未結案事件');
  await page.getByRole('navigation').getByRole('link', { name: '審核佇列' }).click();
  await page.getByRole('heading', { name: '下屬機關事件審核佇列' }).waitFor();
  const qrow = page.locator(`tr[data-review="${id}"]`);
  await qrow.waitFor();
  checkEq('only the incident with a level awaits review', 1, await page.locator('tr[data-review]').count());
  const cells = (await qrow.locator('td').allTextContents()).map((s) => s.trim());
  checkEq('review row: agency and level', ['school', '1 級 · 8 小時內審核'], [cells[1], cells[3]]);
  check('review countdown', /^剩 7 小時 59 分$/.test(cells[5]), cells[5]);
  await axe(page, 'the review queue');
  await shot(page, 'reviews');
  await page.getByRole('button', { name: `審核通過 ${id}` }).click();
  await page.getByText(`已審核 ${id}。`).waitFor();
  await page.getByText('目前沒有待審核的事件。').waitFor();
  const reviewed = await api(`/incidents/${enc}`, { as: [sup, supPassword] });
  checkEq('stored review', ['reviewed', 'met'], [reviewed.body.status, reviewed.body.deadline_states.review]);
  const own = await api(`/incidents/${enc}/advance`, { method: 'POST', body: { status: 'reviewed' } });
  checkEq('the school may not review its own', 403, own.status);
});
