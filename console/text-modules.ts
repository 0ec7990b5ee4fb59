// Text modules (canned replies) in the composer: typing `::word` offers the modules matching
// "word"; picking one replaces `::word` with its content, placeholders filled in.
import { fillPlaceholders, type TextModule } from '../protocol/index.js'

/** The `::query` being typed at the end of `draft`, or undefined when there is none. */
export const moduleQuery = (draft: string): string | undefined => /(?:^|\s)::(\S*)$/.exec(draft)?.[1]

/** Modules whose name, keywords or content contain every word of `query` (case-insensitive), by name. */
export const matchModules = (modules: readonly TextModule[], query: string, max = 8): TextModule[] => {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  return modules
    .filter((m) => {
      const hay = (m.name + ' ' + m.keywords + ' ' + m.content).toLowerCase()
      return words.every((w) => hay.includes(w))
    })
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, max)
}

/** `draft` with its trailing `::query` replaced by the module's content, placeholders filled from `values`. */
export const insertModule = (draft: string, module: TextModule, values: Record<string, string | undefined>): string =>
  // A function, so `$&` and friends in the content stay literal.
  draft.replace(/::\S*$/, () => fillPlaceholders(module.content, values))
