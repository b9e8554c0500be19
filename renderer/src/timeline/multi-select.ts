/**
 * The set of shots selected on the timeline, as editors do it: a click selects one, Ctrl
 * (⌘) + click adds or removes one, Shift + click selects the range from the anchor (the
 * last plainly or Ctrl-clicked shot), Ctrl + Shift + click adds that range. Ids are kept in
 * the scene's order, so copy and paste keep the order of the timeline.
 */

export interface ShotSelection {
  /** selected shot ids, in the scene's order */
  readonly ids: readonly string[];
  /** where a Shift range starts; null when nothing was clicked yet */
  readonly anchor: string | null;
}

export const EMPTY_SELECTION: ShotSelection = { ids: [], anchor: null };

export interface ClickModifiers {
  /** Shift: a range from the anchor */
  range?: boolean;
  /** Ctrl or ⌘: add to / remove from the selection */
  toggle?: boolean;
}

/** `ids` in the order of `order`, without duplicates or ids not in it. */
export function inOrder(order: readonly string[], ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  return order.filter((id) => wanted.has(id));
}

/** The selection after clicking shot `id` in a scene whose shots are `order`. */
export function clickSelect(current: ShotSelection, order: readonly string[], id: string, mods: ClickModifiers = {}): ShotSelection {
  const at = order.indexOf(id);
  if (at < 0) return current;
  const anchorAt = current.anchor === null ? -1 : order.indexOf(current.anchor);
  if (mods.range && anchorAt >= 0) {
    const [a, b] = anchorAt <= at ? [anchorAt, at] : [at, anchorAt];
    const range = order.slice(a, b + 1);
    return { ids: inOrder(order, mods.toggle ? [...current.ids, ...range] : range), anchor: current.anchor };
  }
  if (mods.toggle) {
    const has = current.ids.includes(id);
    return { ids: inOrder(order, has ? current.ids.filter((x) => x !== id) : [...current.ids, id]), anchor: id };
  }
  return { ids: [id], anchor: id };
}

/**
 * The selection after Shift + ← / → from the focused shot `focus`: the range from the
 * anchor to the shot `delta` places on. Answers the new selection and the shot now focused.
 */
export function extendSelect(current: ShotSelection, order: readonly string[], focus: string, delta: number): { selection: ShotSelection; focus: string } {
  const at = order.indexOf(focus);
  if (at < 0 || order.length === 0) return { selection: current, focus };
  const next = order[Math.min(order.length - 1, Math.max(0, at + delta))]!;
  const anchor = current.anchor !== null && order.includes(current.anchor) ? current.anchor : focus;
  return { selection: clickSelect({ ids: current.ids, anchor }, order, next, { range: true }), focus: next };
}

/** The selection kept to shots that still exist (after an edit, undo or another window), in their new order. */
export function pruneSelection(current: ShotSelection, order: readonly string[]): ShotSelection {
  const ids = inOrder(order, current.ids);
  const anchor = current.anchor !== null && order.includes(current.anchor) ? current.anchor : null;
  return ids.length === current.ids.length && anchor === current.anchor && ids.every((id, i) => id === current.ids[i])
    ? current
    : { ids, anchor };
}

/** Every shot of the scene (Ctrl + A). */
export function selectAll(order: readonly string[]): ShotSelection {
  return { ids: [...order], anchor: order[0] ?? null };
}

/** Where pasted or duplicated shots go: after the last selected shot, else at the end. */
export function pasteIndex(order: readonly string[], selected: readonly string[]): number {
  let last = -1;
  for (const id of selected) last = Math.max(last, order.indexOf(id));
  return last >= 0 ? last + 1 : order.length;
}

/** The ids in `after` that were not in `before` (the shots a paste added), in `after`'s order. */
export function addedIds(before: readonly string[], after: readonly string[]): string[] {
  const had = new Set(before);
  return after.filter((id) => !had.has(id));
}

/**
 * The shot to work on after deleting `deleted` from a scene whose shots are `order`: the
 * primary shot when it stays, else the first remaining shot after it, else the last one
 * before it; null when none remains.
 */
export function afterDelete(order: readonly string[], deleted: readonly string[], primary: string | null): string | null {
  const gone = new Set(deleted);
  if (primary !== null && order.includes(primary) && !gone.has(primary)) return primary;
  const at = primary === null ? -1 : order.indexOf(primary);
  const from = at >= 0 ? at : order.findIndex((id) => gone.has(id));
  for (let i = Math.max(0, from); i < order.length; i++) if (!gone.has(order[i]!)) return order[i]!;
  for (let i = Math.min(from, order.length) - 1; i >= 0; i--) if (!gone.has(order[i]!)) return order[i]!;
  return null;
}
