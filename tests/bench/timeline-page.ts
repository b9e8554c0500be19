/**
 * What the timeline benchmark runs inside the page: a timer that starts before an action
 * and stops at the first frame painted after the DOM shows its result. Kept as plain
 * JavaScript text (evaluated in the page as is), so no bundler helper leaks into it.
 *
 *   __bench.time(act, done): ms from just before `act()` until `done()` holds and a frame
 *   has been painted (a requestAnimationFrame, then a task after it).
 */
export const PAGE_HELPERS = String.raw`
window.__bench = {
  frame() {
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  },
  until(done, timeoutMs = 20000) {
    return new Promise((resolve, reject) => {
      if (done()) return resolve();
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error('timed out waiting for the result')); }, timeoutMs);
      const observer = new MutationObserver(() => {
        if (!done()) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve();
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
  },
  async time(act, done) {
    const started = performance.now();
    act();
    await this.until(done);
    await this.frame();
    return performance.now() - started;
  },
  clips() {
    return [...document.querySelectorAll('section[aria-label="Timeline"] [role="option"]')];
  },
  clipAt(index) {
    return document.querySelector('section[aria-label="Timeline"] [role="option"][data-index="' + index + '"]');
  },
  viewport() {
    return document.querySelector('section[aria-label="Timeline"] .viewport');
  },
  /** a press and release of the primary button, as a hand would: down on the element, moves and up on the window (mods: shiftKey, altKey…) */
  drag(element, fromX, toX, mods = {}) {
    const y = element.getBoundingClientRect().top + 10;
    const opts = (x) => ({ bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y, button: 0, buttons: 1, pointerId: 1, isPrimary: true, pointerType: 'mouse', ...mods });
    element.dispatchEvent(new PointerEvent('pointerdown', opts(fromX)));
    if (toX !== fromX) {
      window.dispatchEvent(new PointerEvent('pointermove', opts(fromX + (toX - fromX) / 2)));
      window.dispatchEvent(new PointerEvent('pointermove', opts(toX)));
    }
    window.dispatchEvent(new PointerEvent('pointerup', { ...opts(toX), buttons: 0 }));
  },
  key(target, key, mods = {}) {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...mods }));
  },
};
`;
