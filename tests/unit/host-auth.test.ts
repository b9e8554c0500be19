/** The browser host's credentials: media tokens scoped to one file and short-lived, single-use event tickets. */
import { describe, expect, it } from 'vitest';
import { createAuth, EVENT_TICKET_TTL_MS, MEDIA_TOKEN_TTL_MS } from '../../electron/host/auth';

const P = '0b3c7f10-2c9a-4d0e-9a51-6f5d2a1e7c01';
const clip = `/media/${P}/takes/t1/clip.mp4`;
const poster = `/media/${P}/takes/t1/poster.jpg`;
const tokenOf = (url: string): string => new URL(url, 'http://h').searchParams.get('token')!;

function clock(start = 1_700_000_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('media tokens', () => {
  it('open the one file they were made for, until they expire', () => {
    const c = clock();
    const auth = createAuth({ now: c.now });
    const token = tokenOf(auth.signMedia(clip));
    expect(auth.verifyMedia(clip, token)).toBe(true);
    expect(auth.verifyMedia(poster, token)).toBe(false);
    expect(auth.verifyMedia(`/media/${P}/takes/t1/../t1/clip.mp4`, token)).toBe(false);
    c.t += MEDIA_TOKEN_TTL_MS - 2_000;
    expect(auth.verifyMedia(clip, token)).toBe(true);
    c.t += 3_000;
    expect(auth.verifyMedia(clip, token)).toBe(false);
  });

  it('hold a path in either percent-encoding (a browser may re-encode it)', () => {
    const auth = createAuth();
    const spaced = `/media/${P}/takes/my%20take/clip.mp4`;
    const token = tokenOf(auth.signMedia(spaced));
    expect(auth.verifyMedia(`/media/${P}/takes/my take/clip.mp4`, token)).toBe(true);
  });

  it('are refused when tampered with, made by another run, or not given', () => {
    const auth = createAuth();
    const token = tokenOf(auth.signMedia(clip));
    const [exp, sig] = token.split('.') as [string, string];
    expect(auth.verifyMedia(clip, `${Number(exp) + 3600}.${sig}`)).toBe(false);
    expect(auth.verifyMedia(clip, `${exp}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(auth.verifyMedia(clip, tokenOf(createAuth({ secret: auth.secret }).signMedia(clip)))).toBe(false);
    expect(auth.verifyMedia(clip, null)).toBe(false);
    expect(auth.verifyMedia(clip, auth.secret)).toBe(false);
  });

  it('are added to media URLs in …Url and …Urls fields only, and do not contain the secret', () => {
    const auth = createAuth();
    const answer = { take: { videoUrl: clip, posterUrl: null, thumbUrls: [poster], prompt: clip }, other: 'x' };
    const signed = auth.signMediaUrls(answer);
    expect(signed.take.videoUrl).toMatch(new RegExp(`^${clip}\\?token=\\d+\\.[\\w-]{43}$`));
    expect(signed.take.thumbUrls[0]).toMatch(/\?token=/);
    expect(signed.take.prompt).toBe(clip);
    expect(signed.take.posterUrl).toBeNull();
    expect(JSON.stringify(signed)).not.toContain(auth.secret);
    expect(answer.take.videoUrl).toBe(clip);
  });

  it("signs a sound's url in a project's answer too (the sequence player's <audio>)", () => {
    const auth = createAuth();
    const sound = '/media/00000000-0000-4000-8000-000000000001/audio/score.wav';
    const signed = auth.signMediaUrls({ audio: [{ name: 'score.wav', file: 'audio/score.wav', url: sound }], curl: sound });
    expect(signed.audio[0]!.url).toMatch(/\?token=\d+\.[\w-]{43}$/);
    expect(signed.audio[0]!.file).toBe('audio/score.wav');
    expect(signed.curl).toBe(sound); // only url fields
  });
});

describe('event tickets', () => {
  it('open one socket once, within their lifetime', () => {
    const c = clock();
    const auth = createAuth({ now: c.now });
    const a = auth.issueTicket();
    expect(auth.takeTicket(a)).toBe(true);
    expect(auth.takeTicket(a)).toBe(false);
    const b = auth.issueTicket();
    c.t += EVENT_TICKET_TTL_MS + 1;
    expect(auth.takeTicket(b)).toBe(false);
    expect(auth.takeTicket(null)).toBe(false);
    expect(auth.takeTicket(auth.secret)).toBe(false);
  });

  it('do not pile up', () => {
    const auth = createAuth();
    const first = auth.issueTicket();
    for (let i = 0; i < 1000; i++) auth.issueTicket();
    expect(auth.takeTicket(first)).toBe(false);
  });
});
