/**
 * Fields whose entry the user is still typing (not yet finished, so not yet queued for
 * saving): the "Saving…" indicator counts them, so "All changes saved" is never shown
 * over an entry that would be lost.
 */
import { SvelteSet } from 'svelte/reactivity';

export const typingIn = new SvelteSet<symbol>();
