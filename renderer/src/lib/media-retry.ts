/**
 * In the browser host a media URL carries a token that expires after minutes; a <video>
 * that fetches more of its clip later (play, seek) gets 403 and fires 'error'. This
 * reloads it with fresh URLs at the same position, at most once a minute per element (a
 * file that is really gone does not loop).
 */
import { freshMediaUrl } from './api';

const RETRY_EVERY_MS = 60_000;
const lastRetry = new WeakMap<HTMLMediaElement, number>();

export async function reloadWithFreshUrl(video: HTMLVideoElement, src: string, poster: string | null): Promise<void> {
  const now = Date.now();
  if (now - (lastRetry.get(video) ?? -Infinity) < RETRY_EVERY_MS) return;
  lastRetry.set(video, now);
  const [freshSrc, freshPoster] = await Promise.all([freshMediaUrl(src), poster === null ? null : freshMediaUrl(poster)]);
  const at = video.currentTime;
  const playing = !video.paused;
  if (freshPoster !== null) video.poster = freshPoster;
  video.src = freshSrc;
  video.addEventListener('loadedmetadata', () => {
    video.currentTime = at;
    if (playing) void video.play().catch(() => undefined);
  }, { once: true });
}
