import type { AnyNode, Element, ParentNode } from 'domhandler';

/** Small, allocation-light helpers over the htmlparser2 tree. Everything here is iterative. */

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

export function isText(node: AnyNode): node is AnyNode & { data: string } {
  return node.type === 'text';
}

/** Class and id joined, for name-based boilerplate/content tests. */
export function classAndId(el: Element): string {
  const cls = el.attribs['class'];
  const id = el.attribs['id'];
  if (cls && id) return `${cls} ${id}`;
  return cls ?? id ?? '';
}

export function hasChildren(node: AnyNode): node is ParentNode & AnyNode {
  return 'children' in node && Array.isArray((node as ParentNode).children);
}

/**
 * Visits every node under `root` in document order without recursion.
 * `enter` may return false to skip the node's subtree; `leave` runs after the subtree.
 */
export function walk(
  root: AnyNode,
  enter: (node: AnyNode) => boolean | void,
  leave?: (node: AnyNode) => void,
): void {
  const stack: Array<{ node: AnyNode; index: number }> = [];
  if (enter(root) === false) return;
  if (!hasChildren(root)) {
    leave?.(root);
    return;
  }
  stack.push({ node: root, index: 0 });
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const children = (top.node as ParentNode).children;
    if (top.index >= children.length) {
      stack.pop();
      leave?.(top.node);
      continue;
    }
    const child = children[top.index++]!;
    if (enter(child) === false) continue;
    if (hasChildren(child) && child.children.length > 0) stack.push({ node: child, index: 0 });
    else leave?.(child);
  }
}

