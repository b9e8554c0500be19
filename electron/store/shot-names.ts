/** The names a copied shot or scene gets: "Shot 3" → "Shot 3 copy", then "Shot 3 copy 2" where that is taken. */

/** "Shot 3" → "Shot 3 copy"; keeps within the name limit. */
export function copyName(name: string): string {
  return `${name.slice(0, 190)} copy`;
}

/** `name` if no shot in `taken` has it, else its first free copy name: "A copy", "A copy 2", … */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const copy = copyName(name);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? copy : `${copy} ${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
