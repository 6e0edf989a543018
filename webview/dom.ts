// Building DOM from data. Text always goes in through textContent: nothing a model or a
// seed file says is ever parsed as HTML.

export interface ElementOptions {
  readonly className?: string;
  readonly id?: string;
  readonly text?: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly (Node | null)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.id !== undefined) node.id = options.id;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attributes ?? {})) {
    if (/^on/i.test(name)) throw new Error(`event handler attributes are never set: ${name}`);
    node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Replaces everything inside `parent` with `children`. */
export function replaceChildren(parent: Element, ...children: (Node | null)[]): void {
  parent.replaceChildren(...children.filter((child): child is Node => child !== null));
}
