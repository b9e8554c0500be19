/** The editor's place in the URL hash (issue 12: a reload returns to the open project and shot). */
import { describe, expect, it } from 'vitest';
import { formatPlace, parsePlace } from '../../renderer/src/app/url-state';

describe('url state', () => {
  it('round-trips a project and shot, and an empty place', () => {
    const place = { projectId: '7f1c2d4e-0000-4000-8000-000000000001', shotId: '7f1c2d4e-0000-4000-8000-000000000002' };
    expect(parsePlace(formatPlace(place))).toEqual(place);
    expect(parsePlace(formatPlace({ projectId: place.projectId, shotId: null }))).toEqual({ projectId: place.projectId, shotId: null });
    expect(formatPlace({ projectId: null, shotId: place.shotId })).toBe('');
    expect(parsePlace('')).toEqual({ projectId: null, shotId: null });
  });
});
