import { describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { decayFactor, scoreEngagement } from '../../shared/scoring/engagement';
import { daysBefore, event } from '../support/builders';

const charter = DEFAULT_CHARTER;
const at = new Date('2026-11-20T12:00:00Z');

describe('engagement (distinct touchpoints in the window)', () => {
  it('is none without marketing touchpoints', () => {
    const score = scoreEngagement([event('sales_touch', daysBefore(at, 1))], charter, at);
    expect(score.level).toBe('none');
    expect(score.points).toBe(0);
    expect(score.signals).toEqual([]);
  });

  it('is low for one touchpoint, medium for two or three, high for four across two channels', () => {
    const download = event('content_download', daysBefore(at, 1), { asset: 'Lead routing playbook' });
    const webinar = event('webinar_attended', daysBefore(at, 2), { asset: 'Handoff webinar' });
    const click = event('email_click', daysBefore(at, 3), { asset: 'Newsletter 12' });
    const visit = event('page_view', daysBefore(at, 4), { url: '/blog/sla' });
    expect(scoreEngagement([download], charter, at).level).toBe('low');
    expect(scoreEngagement([download, webinar], charter, at).level).toBe('medium');
    expect(scoreEngagement([download, webinar, click], charter, at).level).toBe('medium');
    const high = scoreEngagement([download, webinar, click, visit], charter, at);
    expect(high.level).toBe('high');
    expect(high.points).toBe(4);
    expect(high.channels).toEqual(['content', 'email', 'event', 'web']);
    expect(high.summary).toBe('High: 4 weighted touchpoints in 30 days across 4 channels (content, email, event, web).');
  });

  it('needs two channels for high: four downloads alone are medium', () => {
    const downloads = ['A', 'B', 'C', 'D'].map((asset, i) => event('content_download', daysBefore(at, i + 1), { asset }));
    const score = scoreEngagement(downloads, charter, at);
    expect(score.points).toBe(4);
    expect(score.level).toBe('medium');
    expect(score.summary).toContain('high needs 2 channels');
  });

  it('counts page views as one visit a day, and repeats of the same action once', () => {
    const sameDay = daysBefore(at, 1);
    const views = ['/a', '/b', '/c', '/d', '/e'].map((url) => event('page_view', sameDay, { url }));
    const twice = [event('content_download', sameDay, { asset: 'Guide' }), event('content_download', sameDay, { asset: 'Guide' })];
    const score = scoreEngagement([...views, ...twice], charter, at);
    expect(score.signals).toHaveLength(2);
    expect(score.points).toBe(2);
  });

  it('weighs an email open at half a touchpoint', () => {
    const score = scoreEngagement([event('email_open', daysBefore(at, 1), { asset: 'Newsletter' })], charter, at);
    expect(score.points).toBe(0.5);
    expect(score.level).toBe('low');
  });

  it('decays older touches: full for a week, then halving every 14 days', () => {
    expect(decayFactor(7, 7, 14)).toBe(1);
    expect(decayFactor(21, 7, 14)).toBe(0.5);
    expect(decayFactor(35, 7, 14)).toBe(0.25);
    // Four touches three weeks ago are worth two fresh ones: medium, not high.
    const old = [
      event('content_download', daysBefore(at, 21), { asset: 'A' }),
      event('webinar_attended', daysBefore(at, 21), { asset: 'B' }),
      event('email_click', daysBefore(at, 21), { asset: 'C' }),
      event('page_view', daysBefore(at, 21)),
    ];
    const score = scoreEngagement(old, charter, at);
    expect(score.points).toBe(2);
    expect(score.level).toBe('medium');
  });

  it('ignores touches outside the 30-day window and after the instant scored', () => {
    const score = scoreEngagement(
      [event('content_download', daysBefore(at, 31), { asset: 'Old' }), event('content_download', daysBefore(at, -1), { asset: 'Future' })],
      charter,
      at,
    );
    expect(score.level).toBe('none');
  });

  it('names each touchpoint with its event and time, newest first', () => {
    const older = event('webinar_attended', daysBefore(at, 5), { asset: 'Fixing the handoff' });
    const newer = event('content_download', daysBefore(at, 1), { asset: 'SLA template' });
    const score = scoreEngagement([older, newer], charter, at);
    expect(score.signals.map((s) => [s.eventId, s.label])).toEqual([
      [newer.id, 'Downloaded “SLA template” (content).'],
      [older.id, 'Attended the webinar “Fixing the handoff” (event).'],
    ]);
    expect(score.signals[0]!.at).toBe(newer.at);
  });
});
