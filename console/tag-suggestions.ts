// Suggestions for the tags field (comma-separated): the tags other chats carry, matched against
// the part being typed, most used first. Pure functions over the text of the field.

/** A tag in use, as `GET /api/tags` lists it. */
export interface TagCount {
  tag: string
  /** chats carrying it */
  count: number
}

/** The tags before the last comma, as the relay will store them (trimmed, lower-case). */
const doneTags = (input: string): string[] =>
  input
    .split(',')
    .slice(0, -1)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)

/** The tag being typed: the text after the last comma, trimmed and lower-case. */
export const typedTag = (input: string): string =>
  input
    .slice(input.lastIndexOf(',') + 1)
    .trim()
    .toLowerCase()

/**
 * Up to `max` known tags for the part being typed, leaving out those already in the field: tags
 * starting with it first, then tags containing it, each most used first (`known` comes that way).
 */
export const suggestTags = (known: readonly TagCount[], input: string, max = 8): string[] => {
  const typed = typedTag(input)
  const done = new Set(doneTags(input))
  const free = known.map((k) => k.tag).filter((t) => !done.has(t) && t !== typed)
  const starting = free.filter((t) => t.startsWith(typed))
  const containing = free.filter((t) => !t.startsWith(typed) && t.includes(typed))
  return [...starting, ...containing].slice(0, max)
}

/** The field with the part being typed replaced by `tag`, ready for the next one ("billing, ref" → "billing, refund, "). */
export const addTag = (input: string, tag: string): string => {
  const before = input.slice(0, input.lastIndexOf(',') + 1)
  return (before ? before.trimEnd() + ' ' : '') + tag + ', '
}
