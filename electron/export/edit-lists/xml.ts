/**
 * Just enough XML writing for FCPXML: escaped text and attributes, and elements with
 * attributes in a fixed order, indented. XML 1.0 cannot hold most control characters
 * (even escaped), so they are dropped; newlines and tabs in attributes are kept as
 * character references (a parser would turn them into spaces otherwise).
 */

// Characters XML 1.0 forbids: C0 controls other than tab, LF, CR; U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text content: `&`, `<` and `>` escaped, forbidden characters dropped. */
export function escapeText(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value for double quotes: also `"`, and tab/LF/CR as character references. */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** An element: a name, attributes in order (undefined ones left out), and children or text. */
export interface XmlNode {
  name: string;
  attrs?: [string, string | number | undefined][];
  children?: XmlNode[];
  text?: string;
}

/** `node` and its children as indented XML lines. */
export function renderXml(node: XmlNode, depth = 0): string {
  const pad = '    '.repeat(depth);
  const attrs = (node.attrs ?? [])
    .filter((a): a is [string, string | number] => a[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`)
    .join('');
  if (node.text !== undefined) return `${pad}<${node.name}${attrs}>${escapeText(node.text)}</${node.name}>`;
  if (!node.children?.length) return `${pad}<${node.name}${attrs}/>`;
  return [`${pad}<${node.name}${attrs}>`, ...node.children.map((c) => renderXml(c, depth + 1)), `${pad}</${node.name}>`].join('\n');
}
