// One Preact on the page: build.mjs points the forms chunk's `preact` imports here, and the chat
// hands its own `h` over before the chunk draws anything (a second copy would cost its bytes and
// make vnodes of another Preact). In the sources (tests) the chunk imports Preact itself and this
// binding stays unused.
import type { h as Hyperscript } from 'preact'

/** The chat's `h`, once handed over. */
export let h: typeof Hyperscript

/** Hands the chat's `h` to the chunk. */
export const usePreact = (chatH: typeof Hyperscript): void => {
  h = chatH
}
