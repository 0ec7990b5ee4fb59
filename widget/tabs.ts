// The widget in several tabs of one site: they tell each other what changed (BroadcastChannel)
// and agree which one may play the sound (Web Locks: the holder of the `parley` lock; the next tab
// in line takes over when it closes). Without Web Locks, only a visible tab plays it. The sound
// itself is ./sound.ts, a chunk of its own.

/** What one tab tells the others. */
export interface TabNews {
  /** the visitor token of a chat that just started in another tab */
  token?: string
  /** the customer read the chat in another tab */
  read?: true
  /** the relay was told the customer read the chat up to this seq */
  mark?: number
  /** reset() ran in another tab */
  reset?: true
}

/** The other tabs, as the widget talks to them. */
export interface Tabs {
  /** Tells every other tab of this site. */
  tell(news: TabNews): void
  /** Whether this tab is the one to play sounds. */
  sounds(): boolean
  /** Stops listening and lets the next tab play the sounds. */
  close(): void
}

/** Joins the site's other tabs; `hear` gets what they tell. */
export const joinTabs = (hear: (news: TabNews) => void): Tabs => {
  let lead = false
  let release: (() => void) | undefined
  const quit = new AbortController()
  const channel = self.BroadcastChannel && new BroadcastChannel('parley')
  if (channel) channel.onmessage = (e) => hear(e.data)
  navigator.locks
    ?.request('parley', { signal: quit.signal }, () => {
      lead = true
      return new Promise<void>((r) => (release = r))
    })
    .catch(() => {})
  return {
    tell: (news) => channel?.postMessage(news),
    sounds: () => (navigator.locks ? lead : !document.hidden),
    close() {
      channel?.close()
      quit.abort()
      release?.()
    }
  }
}
