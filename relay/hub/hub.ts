// The domain core: chats, the waiting queue, assignment and presence. It knows nothing of Fastify
// or sockets: adapters call these operations and subscribe to the events it publishes on the Bus.
// This file only wires the parts together; each part has one job:
//   customer-ops.ts   what a customer can do          agent-ops.ts      what an agent can do
//   chat-writes.ts    messages, ending, requeueing    agent-presence.ts who is here, requeue after grace
//   live-state.ts     open chats and agents in memory panel-feed.ts     panel snapshot + deltas, positions
//   read-model.ts     summaries and views             views.ts          records → what clients see
//   cluster-sync.ts   cluster mode: other nodes' changes, presence anywhere, the leader's requeue
import type { SiteSettings } from '../../protocol/index.js'
import type { AgentRecord } from '../store/store.js'
import { createFeedback } from './feedback.js'
import { createAgentOps } from './agent-ops.js'
import { createAgentPresence } from './agent-presence.js'
import { createChatWrites } from './chat-writes.js'
import { createClusterSync } from './cluster-sync.js'
import { hubContext, type HubDeps } from './context.js'
import { createCustomerOps } from './customer-ops.js'
import { createLiveState } from './live-state.js'
import { createPanelFeed } from './panel-feed.js'
import { createSiteState, type SiteChange } from './site-state.js'

export { hashToken, type CustomerResume, type IdentityClaim, type StartChat } from './customer-ops.js'
export type { ClusterLink, HubDeps } from './context.js'

export { SITE_DEFAULTS } from './site-state.js'

export type Hub = ReturnType<typeof createHub>

/** Creates the hub over a store and a bus. `now` is injectable for tests (ms since epoch). */
export const createHub = (deps: HubDeps) => {
  const ctx = hubContext(deps)
  const live = createLiveState(ctx.store)
  const site = createSiteState(ctx)
  let closed = false
  // Presence calls back into the agent operations (requeue) and the feed (panel), which are
  // created after it: the hooks look them up when they fire.
  const presence = createAgentPresence(ctx, {
    requeueAgentChats: (agentId) => agents.requeueAgentChats(agentId),
    // An agent created since the hub loaded is read on first sight.
    onChange: (agentId) => {
      if (!closed)
        live
          .agent(agentId)
          .then(() => !closed && feed.agentChanged(agentId))
          .catch(ctx.onError)
    }
  })
  // Cluster mode: "available" means on any node, and changes go to the other nodes.
  const sync = ctx.cluster && createClusterSync(ctx, ctx.cluster, live, { feed: () => feed, writes: () => writes, isHere: presence.isHere })
  const isAgentAvailable = sync ? (a: AgentRecord) => a.on && !a.disabled && sync.isAnywhere(a.id) : presence.isAgentAvailable
  const feed = createPanelFeed(ctx, live, isAgentAvailable, sync ? sync.peers : undefined, site.isOpen)
  site.onChange((c) => c.hours && feed.hoursChanged())
  const writes = createChatWrites(ctx, live, feed)
  const customers = createCustomerOps(ctx, live, writes, { ...feed, site })
  const feedback = createFeedback(ctx, live, writes, feed, site)
  const agents = createAgentOps(ctx, live, writes, { ...feed, isAgentAvailable })

  return {
    /** True while at least one agent has chat on and a live console. */
    isAvailable: feed.isAvailable,
    /** Loads the open chats and agents into memory and the panel from them; call once after creating the hub. */
    async init() {
      await site.load()
      await live.load()
      feed.load()
      await sync?.start()
    },
    /**
     * Cluster mode, after the bus came back (events may have been lost): re-reads every open chat
     * and agent, emits what changed and tells this node's sockets each chat's state.
     */
    resync: async () => {
      await sync?.resync()
    },
    /** The three lists of the panel, as every agent sees them. */
    panel: () => feed.snapshot().panel,
    /** The panel with its version: what a console starts from before applying deltas. */
    panelSnapshot: feed.snapshot,
    /**
     * Forgets what this node holds about a chat and announces it anew from the store: for a change
     * made elsewhere (another relay node, a command-line erase).
     */
    async invalidate(chatId: string) {
      // Re-read in place, not invalidate-then-read: a panel flush in between would see the chat gone.
      await live.reloadChat(chatId)
      // Every node notices such a change by itself (agent-watch.ts): nothing to announce.
      feed.chatChanged(chatId, 'peer')
    },
    ...customers,
    agentConnected: presence.agentConnected,
    agentDisconnected: presence.agentDisconnected,
    ...agents,
    ...feedback,
    /** The site settings, with defaults for what the admin never set. */
    site: async (): Promise<SiteSettings> => site.settings(),
    /** Saves the site settings; every node's widgets and agents hear of it (onSite). */
    saveSite: (next: SiteSettings) => site.save(next),
    /** What widgets are told about the site now (welcome, `site` frames). */
    siteInfo: site.info,
    /** Whether the site is outside its business hours now. */
    outsideHours: () => !site.isOpen(),
    /** Whether transcripts can be mailed (PARLEY_SMTP_URL and PARLEY_MAIL_FROM). */
    canMail: site.canMail,
    /** Calls `listener` when the site settings changed or business hours opened or closed. */
    onSite: (listener: (change: SiteChange) => void) => site.onChange(listener),
    /** Stops timers. */
    close() {
      closed = true
      sync?.close()
      site.close()
      presence.close()
      feed.close()
    }
  }
}
