import type { AgentSummary } from '../../protocol/index.js'
import { InfoCard } from './InfoCard.js'

/** Props of {@link AgentsList}. */
export interface AgentsListProps {
  /** agents with chat on */
  agents: AgentSummary[]
  meId: string | undefined
}

/** Agents with chat enabled and how many chats each one carries. */
export function AgentsList({ agents, meId }: AgentsListProps) {
  if (agents.length === 0) return <p class="empty">No agent has chat on.</p>
  return (
    <ul class="entries" aria-labelledby="agents-heading">
      {agents.map((agent) => {
        const full = agent.chats >= agent.maxChats
        return (
          <li key={agent.id} class="entry">
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so a keyboard reaches the agent's info card (aria-describedby), as a pointer does by hovering */}
            <div class="entry-button agent" tabIndex={0} data-testid="agent-item" aria-describedby={'card-agent-' + agent.id}>
              <span class="entry-name">
                <span class={'dot' + (full ? ' busy' : '')} aria-hidden="true" />
                {agent.name}
                {agent.id === meId && <span class="entry-you"> (you)</span>}
              </span>
              <span class="entry-meta">
                {agent.chats}/{agent.maxChats}
                <span class="sr-only"> chats</span>
              </span>
            </div>
            <InfoCard
              id={'card-agent-' + agent.id}
              heading={agent.name}
              rows={[
                ['Chats', agent.chats + ' of ' + agent.maxChats],
                ['Can take', full ? 'no more chats' : agent.maxChats - agent.chats + ' more']
              ]}
            />
          </li>
        )
      })}
    </ul>
  )
}
