import { useId, useState } from 'preact/hooks'
import type { AgentSummary } from '../../protocol/index.js'

/** Props of {@link TransferControl}. */
export interface TransferControlProps {
  /** other agents with chat on and room for one more chat */
  agents: AgentSummary[]
  /** `to` unset: back to the waiting queue */
  onTransfer(to?: string): void
}

/** Value of the option that puts the chat back in the waiting queue. */
const QUEUE = 'queue'

/** Hands the chat to another active agent or back to the waiting queue: a labelled select and a button. */
export function TransferControl({ agents, onTransfer }: TransferControlProps) {
  const id = useId()
  const [to, setTo] = useState('')
  // An agent who left the list since they were picked is no choice any more.
  const target = to === QUEUE || agents.some((a) => a.id === to) ? to : ''
  return (
    <div class="transfer">
      <label for={id} class="sr-only">
        Transfer to
      </label>
      <select id={id} class="transfer-select" value={target} onChange={(ev) => setTo(ev.currentTarget.value)}>
        <option value="" disabled>
          Transfer to…
        </option>
        <option value={QUEUE}>Waiting queue</option>
        {agents.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} ({a.chats}/{a.maxChats})
          </option>
        ))}
      </select>
      <button
        type="button"
        class="button"
        disabled={!target}
        onClick={() => {
          onTransfer(target === QUEUE ? undefined : target)
          setTo('')
        }}
      >
        Transfer
      </button>
    </div>
  )
}
