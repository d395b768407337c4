import type { Block } from './blocks.js';

/** The name may follow a short label ("About the author", "(", "—"). */
const NAME_WITHIN = 25;
const BIO_MAX = 800;
const BIO_MIN_EXTRA = 40;
/** Bios are the last few paragraphs; deeper than this it is the article talking about someone. */
const TAIL_BLOCKS = 4;
const MIN_NAME = 5;
/** Two or three words: a person. Longer "authors" are organisations whose name opens ordinary paragraphs. */
const PERSON_NAME = /^\S+(?:\s+\S+){1,2}$/u;

/**
 * The author's bio printed as plain paragraphs at the end of the text ("Jane Doe is a freelance
 * writer…", "Jane holds an MBA…"): the first of the last few paragraphs that opens with the full
 * name of one of the page's authors, and everything after it. Names come from the page's metadata,
 * so the rule needs no words of any language.
 */
export function dropAuthorBio(blocks: Block[], authors: string[]): Block[] {
  const names = nameForms(authors);
  if (names.length === 0) return blocks;
  const textual: number[] = [];
  for (let i = 0; i < blocks.length; i++) if (blocks[i]!.kind !== 'figure') textual.push(i);
  if (textual.length <= TAIL_BLOCKS) return blocks;
  let cut = -1;
  for (const i of textual.slice(-TAIL_BLOCKS)) {
    const block = blocks[i]!;
    if (block.kind === 'p' && block.text.length <= BIO_MAX && opensWithName(block.text, names)) {
      cut = i;
      break;
    }
  }
  if (cut < 0) return blocks;
  // Everything after the bio's first paragraph is more bio, or a label: never long prose.
  if (blocks.slice(cut).some((b) => b.text.length > BIO_MAX)) return blocks;
  return blocks.slice(0, cut);
}

/**
 * Full names only: a first name alone ("The" of "The Commercial Appeal", a common given name)
 * would cut real paragraphs. Paragraphs after the bio's first one go with it anyway.
 */
function nameForms(authors: string[]): string[] {
  return authors.map((a) => a.trim()).filter((a) => a.length >= MIN_NAME && PERSON_NAME.test(a));
}

function opensWithName(text: string, names: string[]): boolean {
  const head = text.slice(0, NAME_WITHIN + 60);
  for (const name of names) {
    const at = head.indexOf(name);
    if (at < 0 || at > NAME_WITHIN) continue;
    const before = at === 0 ? '' : head[at - 1]!;
    const after = head[at + name.length] ?? '';
    if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) continue;
    // A bio says something about the name; a signature or a "By X · date" line does not.
    if (text.length < name.length + BIO_MIN_EXTRA) continue;
    return true;
  }
  return false;
}
