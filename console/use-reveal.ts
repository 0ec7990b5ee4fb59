import { useEffect, useState } from 'preact/hooks'

/**
 * Focuses a waiting customer's entry in the panel once it is rendered (scrolled into view, its
 * info card opens); returns the function that asks for it. Call it after the hooks that move the
 * focus themselves (unfolding the panel), so this focus comes last.
 */
export const useRevealWaiting = (): ((chatId: string) => void) => {
  // An object, so asking for the same customer twice focuses them again.
  const [reveal, setReveal] = useState<{ chatId: string } | null>(null)
  useEffect(() => {
    if (!reveal) return
    const entry = document.querySelector<HTMLElement>(`[data-testid="waiting-item"][data-chat-id="${CSS.escape(reveal.chatId)}"]`)
    entry?.scrollIntoView?.({ block: 'nearest' })
    entry?.focus()
  }, [reveal])
  return (chatId) => setReveal({ chatId })
}
