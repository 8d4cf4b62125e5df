import { describe, expect, it } from 'vitest';
import { emptyDraft, loadDraft, reportBody } from './report';
import { localInputToApi } from './time';

describe('the report draft', () => {
  it('round-trips through localStorage text', () => {
    const d = { ...emptyDraft('moda', '2026-12-07T18:30'), title: '網站遭置換', asset: 'core' };
    expect(loadDraft(JSON.stringify(d))).toEqual(d);
  });
  it('ignores what is not a draft', () => {
    expect(loadDraft(null)).toBeNull();
    expect(loadDraft('{')).toBeNull();
    expect(loadDraft('3')).toBeNull();
    expect(loadDraft('{"title":7,"asset":"core"}')).toEqual({ ...emptyDraft('', ''), asset: 'core' });
  });
  it('makes the API body: empty members left out, local times with seconds', () => {
    const d = {
      ...emptyDraft('moda', '2026-12-07T18:30'),
      title: ' 網站遭置換 ',
      asset: 'core',
      integrity: 'serious',
      description: '第一行\n第二行\n',
    };
    expect(reportBody(d, localInputToApi)).toEqual({
      title: '網站遭置換',
      agency: 'moda',
      aware_at: '2026-12-07T18:30:00',
      asset: 'core',
      integrity: 'serious',
      description: '第一行\n第二行\n',
    });
  });
});
