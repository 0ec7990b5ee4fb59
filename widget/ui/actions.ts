// What the customer can do from the UI; the factory implements them over the state machine.

/** The UI's verbs. */
export interface Actions {
  toggle(): void
  close(): void
  /** Sends a message (starting the chat if there is none). */
  send(text: string): void
  /** Sends failed message `id` again. */
  retry(id: string): void
  /** A keystroke in the composer (throttled into typing frames). */
  typing(): void
  /** Ends the chat in progress. */
  end(): void
  /** Puts an ended chat away so the next message starts a new one. */
  newChat(): void
}
