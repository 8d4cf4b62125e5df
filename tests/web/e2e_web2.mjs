// End-to-end test of the sightings, policy, audit and partner pages of
// the web portal (docs/web.md) in Debian's chromium, driven by
// playwright-core, with axe-core on every page visited: the officer
// filters its agency's sightings (by sensor, by time); the administrator
// edits the policy (an error shown at the field the server names, then a
// new version, and what changed between versions) and reads the audit
// log with its verification; a partner CERT reads its URLs and TLP view
// and makes, uses and revokes a token. Each step is checked through the
// API. Then the officer's daily pages at 375x667: no horizontal scroll,
// primary actions at least 44 px, no axe violation.
//
// usage: node e2e_web2.mjs BASE_URL OFFICER PASSWORD ADMIN ADMIN_PASSWORD PARTNER PARTNER_PASSWORD
import { apiAt, args, axe, check, checkEq, login, run, shot, shownCode } from './e2e_lib.mjs';

const [base, officer, officerPw, admin, adminPw, partner, partnerPw] = args('e2e_web2.mjs', ['BASE_URL', 'OFFICER', 'PASSWORD', 'ADMIN', 'ADMIN_PASSWORD', 'PARTNER', 'PARTNER_PASSWORD']);

const api = (path, as, o = {}) => apiAt(base, path, { as, ...o });
const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
const rowKeys = (page, attr) => page.locator(`tr[data-${attr}]`).evaluateAll((rs, a) => rs.map((r) => r.getAttribute(`data-${a}`)), attr);
const logout = async (page) => {
  await page.getByRole('button', { name: '登出' }).click();
  await page.getByRole('heading', { name: '登入' }).waitFor();
};

// the policy's 422 is shown on purpose
await run(/(401 \(Unauthorized\)|status of 422)/, async (page, context) => {
  // --- sightings: the officer's agency, filtered on the server -------------------------
  const O = [officer, officerPw];
  await login(page, base, officer, officerPw, '本機關未結案事件');
  await nav(page, '情資目擊紀錄');
  await page.getByRole('heading', { name: '情資目擊紀錄', level: 1 }).waitFor();
  await page.locator('tr[data-sighting]').first().waitFor();
  const all = (await api('/sightings', O)).body.sightings;
  checkEq('every sighting of the agency, as the API lists them', all.map((s) => `${s.agency}|${s.indicator.type}|${s.indicator.value}|${s.direction}`), await rowKeys(page, 'sighting'));
  checkEq('two sightings', 2, all.length);
  const row = page.locator('tr[data-sighting]', { hasText: 'bad-two.example' });
  checkEq('the indicator links to its page', '/indicators/domain/bad-two.example', await row.locator('a').first().getAttribute('href'));
  check('a row in words', /網域名稱/.test(await row.textContent()) && /內部連往外部/.test(await row.textContent()) && /ids-b/.test(await row.textContent()), await row.textContent());
  check('times local with the 民國 year', /民國\d+年\d+月\d+日 \d\d:\d\d（\d{4}-\d\d-\d\d \+08:00）/.test(await row.textContent()), await row.textContent());
  await axe(page, 'the sightings page');
  await shot(page, 'sightings');
  await page.fill('#s-sensor', 'ids-b');
  await page.getByRole('button', { name: '套用篩選' }).click();
  await page.waitForFunction(() => document.querySelectorAll('tr[data-sighting]').length === 1);
  const bySensor = (await api('/sightings?sensor=ids-b', O)).body.sightings;
  checkEq('the sensor filter is the server\'s', bySensor.map((s) => s.indicator.value), ['bad-two.example']);
  checkEq('the row of that sensor', ['bad-two.example'], await page.locator('tr[data-sighting] code').allTextContents());
  await page.fill('#s-sensor', '');
  await page.fill('#s-until', '2020-01-01T00:00');
  await page.getByRole('button', { name: '套用篩選' }).click();
  await page.getByText('沒有符合條件的目擊紀錄。').waitFor();
  checkEq('nothing before 2020 on the server either', 0, (await api('/sightings?until=2020-01-01T00:00:00', O)).body.sightings.length);

  // --- obligations: an overdue one marked done ----------------------------------------------
  await nav(page, '義務與期限');
  await page.getByRole('heading', { name: '本機關資安義務', level: 1 }).waitFor();
  await page.locator('tr[data-obligation]').first().waitFor();
  const obs = (await api('/obligations?agency=moda', O)).body.obligations;
  checkEq('the agency\'s obligations as the API lists them', obs.map((o) => o.id), await rowKeys(page, 'obligation'));
  const late = obs.find((o) => o.status === 'overdue' && o.kind === 'internal-audit');
  const lateRow = page.locator(`tr[data-obligation="${late.id}"]`);
  check('an overdue row in words', /內部稽核/.test(await lateRow.textContent()) && /逾期/.test(await lateRow.textContent()) && /民國\d+年12月31日/.test(await lateRow.textContent()), await lateRow.textContent());
  await axe(page, 'the obligations page');
  await shot(page, 'obligations');
  await lateRow.getByLabel('說明（選填）').fill('已於 12 月完成稽核，補登');
  await lateRow.getByRole('button', { name: '標記完成' }).click();
  await page.locator('[data-testid="ob-done"]').waitFor();
  const rec = (await api(`/obligations/${late.id}`, O)).body;
  checkEq('stored: done, with the note, by the officer', ['done', '已於 12 月完成稽核，補登', true], [rec.status, rec.note, String(rec.done_by).includes(officer)]);
  await page.locator(`tr[data-obligation="${late.id}"] td.ob-done`).waitFor();
  const after = (await api('/obligations?agency=moda', O)).body.obligations.map((o) => o.id);
  checkEq('the one done listed once (no duplicate of its record)', after.length, new Set(after).size);
  await logout(page);

  // --- the policy: an error at its field, a new version, what changed -------------------
  const A = [admin, adminPw];
  await login(page, base, admin, adminPw, '各機關未結案事件');
  await nav(page, '通報政策');
  await page.getByRole('heading', { name: '通報政策', level: 1 }).waitFor();
  await page.locator('[data-testid="policy-version"]').waitFor();
  checkEq('the version in force', '第 1 版', (await page.locator('[data-testid="policy-version"]').textContent()).trim());
  const review3 = page.getByLabel('審核期限（3 級）');
  checkEq('the field carries the path it fills', 'deadlines.review.3', await review3.getAttribute('name'));
  checkEq('the value in force', '2h', await review3.inputValue());
  await review3.fill('soon');
  await page.getByRole('button', { name: '安裝為新版本' }).click();
  await page.locator('[data-field="deadlines.review.3"] .field-error').waitFor();
  check('the server\'s error at its field', /\$\.deadlines\.review\.3: duration 'soon'/.test(await page.locator('[data-field="deadlines.review.3"] .field-error').textContent()));
  checkEq('the field marked invalid and focused', ['true', true], [await review3.getAttribute('aria-invalid'), await review3.evaluate((e) => e === document.activeElement)]);
  checkEq('nothing installed', 1, (await api('/policy', A)).body.version);
  await axe(page, 'the policy page with an error');
  await review3.fill('3h');
  await page.selectOption('[name="levels.core.minor"]', '3');
  await page.getByRole('button', { name: '安裝為新版本' }).click();
  await page.getByText('已安裝為第 2 版。').waitFor();
  const pol = (await api('/policy', A)).body;
  checkEq('stored: version 2 with the changes, the rest kept', [2, '3h', 3, '2h', 3], [pol.version, pol.deadlines.review['3'], pol.levels.core.minor, pol.deadlines.review['4'], pol.major_level]);
  await page.locator('tr[data-change]').first().waitFor();
  checkEq('what changed between version 1 and 2', ['deadlines.review.3', 'levels.core.minor'], await rowKeys(page, 'change'));
  checkEq('a change in words', ['2h', '3h'], (await page.locator('tr[data-change="deadlines.review.3"] td').allTextContents()).map((s) => s.trim()));
  await axe(page, 'the policy page');
  await shot(page, 'policy');

  // --- obligations across agencies: the overdue ones ------------------------------------
  await nav(page, '義務與期限');
  await page.getByRole('heading', { name: '各機關資安義務', level: 1 }).waitFor();
  await page.locator('tr[data-obligation]').first().waitFor();
  const overdue = (await api('/obligations?status=overdue', A)).body.obligations;
  checkEq('every agency\'s overdue ones, as the API lists them', overdue.map((o) => o.id), await rowKeys(page, 'obligation'));
  check('the one marked done is no longer overdue', !overdue.some((o) => o.kind === 'internal-audit' && o.status !== 'overdue'));
  await axe(page, 'the obligations page (office)');

  // --- the audit log --------------------------------------------------------------------
  await nav(page, '稽核紀錄');
  await page.getByRole('heading', { name: '稽核紀錄', level: 1 }).waitFor();
  await page.locator('[data-testid="audit-verification"]').waitFor();
  const au = (await api('/audit?limit=1000', A)).body;
  checkEq('the verification as the API says', String(au.verification.intact), await page.locator('[data-testid="audit-verification"]').getAttribute('data-intact'));
  check('intact in words', (await page.locator('[data-testid="audit-verification"]').textContent()).includes(`稽核紀錄完整：共 ${au.verification.entries} 筆`));
  await page.locator('tr[data-audit]').first().waitFor();
  checkEq('the first page, oldest first', au.entries.slice(0, 100).map((e) => String(e.seq)), await rowKeys(page, 'audit'));
  await page.fill('#a-action', 'policy.');
  await page.fill('#a-actor', `user:${admin}`);
  await page.getByRole('button', { name: '套用篩選' }).click();
  const pset = (await api(`/audit?action=policy.&actor=user:${admin}`, A)).body.entries;
  await page.waitForFunction((n) => document.querySelectorAll('tr[data-audit]').length === n, pset.length);
  checkEq('the policy installs in the log, as the API filters them', pset.map((e) => String(e.seq)), await rowKeys(page, 'audit'));
  checkEq('every one a policy install, the newest version 2', [true, 'policy/2'], [pset.every((e) => e.action === 'policy.set'), pset.at(-1).object]);
  await axe(page, 'the audit page');
  await shot(page, 'audit');
  checkEq('an analyst may not read it', 403, (await api('/audit', O)).status);
  await logout(page);

  // --- the partner CERT -----------------------------------------------------------------
  const P = [partner, partnerPw];
  await login(page, base, partner, partnerPw, '情資分享設定');
  checkEq('the partner\'s navigation', ['情資分享設定'], (await page.getByRole('navigation').getByRole('link').allTextContents()).map((s) => s.trim()));
  const me = (await api('/me', P)).body;
  checkEq('its TLP view', ['green', 'moda'], [me.max_tlp, me.recipient]);
  checkEq('the TLPs in words', '可取得的情資：TLP:CLEAR、TLP:GREEN。 TLP:AMBER、TLP:AMBER+STRICT、TLP:RED 僅限指定分享給 moda 者。', (await page.locator('[data-testid="partner-tlp"]').textContent()).trim());
  checkEq('the TAXII collection URL', `${base}/taxii2/api/collections/indicators/objects/`, (await page.locator('tr[data-url="taxii-indicators"] code').textContent()).trim());
  checkEq('the MISP feed URL', `${base}/feeds/misp`, (await page.locator('tr[data-url="misp"] code').textContent()).trim());
  await page.fill('#p-token-name', '防火牆');
  await page.getByRole('button', { name: '建立權杖' }).click();
  const secret = await shownCode(page, 'token-secret');
  const tid = secret.slice(6, 22);
  await page.locator(`tr[data-token="${tid}"]`).waitFor();
  const pulled = await fetch(`${base}/feeds/plain`, { headers: { Authorization: `Bearer ${secret}` } });
  checkEq('the token pulls the blocklist', [200, true], [pulled.status, (await pulled.text()).includes('bad-one.example')]);
  const tk = (await api(`/tokens?user=${partner}`, P)).body.tokens.find((x) => x.id === tid);
  checkEq('stored token: its own, named, active, used', [partner, '防火牆', 'active', true], [tk.user, tk.name, tk.status, !!tk.last_used]);
  const disc = await fetch(`${base}/taxii2/`, { headers: { Authorization: `Bearer ${secret}`, Accept: 'application/taxii+json;version=2.1' } });
  checkEq('the discovery URL answers', 200, disc.status);
  await page.reload();
  await page.locator(`tr[data-token="${tid}"]`).waitFor();
  check('the last pull shown', !/尚未取用/.test(await page.locator(`tr[data-token="${tid}"]`).textContent()), await page.locator(`tr[data-token="${tid}"]`).textContent());
  await page.locator('details[data-tool="BIND"] summary').click();
  check('the BIND configuration pulls the RPZ feed', (await page.locator('details[data-tool="BIND"] pre').textContent()).includes(`-o /etc/bind/gisac.rpz ${base}/feeds/rpz`));
  await axe(page, 'the partner page');
  await shot(page, 'partner');
  await page.getByRole('button', { name: `撤銷權杖 ${tid}` }).click();
  await page.locator(`tr[data-token="${tid}"]`, { hasText: '已撤銷' }).waitFor();
  checkEq('stored revocation', 'revoked', (await api(`/tokens?user=${partner}`, P)).body.tokens.find((x) => x.id === tid).status);
  checkEq('a revoked token pulls nothing', 401, (await fetch(`${base}/feeds/plain`, { headers: { Authorization: `Bearer ${secret}` } })).status);

  // --- English --------------------------------------------------------------------------
  await page.selectOption('#lang', 'en');
  await page.getByRole('heading', { name: 'Sharing', level: 1 }).waitFor();
  check('English TLPs', /^You receive: TLP:CLEAR、TLP:GREEN\./.test((await page.locator('[data-testid="partner-tlp"]').textContent()).trim()));
  await axe(page, 'the partner page (en)');
  await page.selectOption('#lang', 'zh-TW');
  await logout(page);

  // --- the officer's daily pages on a phone ---------------------------------------------
  const phone = await context.browser().newContext({ locale: 'zh-TW', viewport: { width: 375, height: 667 }, hasTouch: true, isMobile: true });
  const p = await phone.newPage();
  p.on('pageerror', (e) => check('no page error on the phone', false, e.message));
  await login(p, base, officer, officerPw, '本機關未結案事件');
  const incident = (await api('/incidents?open=true', O)).body.incidents[0].id;
  const phonePages = [
    ['the home page', '/', '本機關未結案事件'],
    ['the report form', '/report', '通報資安事件'],
    ['the incident page', `/incidents/${incident}`, `事件 ${incident}：網頁置換`],
    ['the alerts', '/alerts', '本機關監控告警'],
    ['the sightings', '/sightings', '情資目擊紀錄'],
  ];
  for (const [what, path, heading] of phonePages) {
    await p.goto(`${base}${path}`);
    await p.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await p.waitForLoadState('networkidle');
    const m = await p.evaluate(() => ({ sw: document.scrollingElement.scrollWidth, iw: innerWidth }));
    check(`no horizontal scroll on ${what} at 375 px`, m.sw <= m.iw, JSON.stringify(m));
    const small = await p.evaluate(() =>
      [...document.querySelectorAll('main button, main .button, main input[type="submit"]')]
        .filter((e) => e.offsetParent !== null)
        .map((e) => ({ t: (e.textContent || e.getAttribute('aria-label') || '').trim(), h: e.getBoundingClientRect().height, w: e.getBoundingClientRect().width }))
        .filter((r) => r.h < 44 || r.w < 44));
    check(`tap targets of at least 44 px on ${what}`, small.length === 0, JSON.stringify(small));
    await axe(p, `${what} on a phone`);
    if (path === '/alerts') await shot(p, 'alerts-phone');
  }
  await phone.close();
});
