// Agent logins and sessions. The cookie carries a random token; the store keeps only its hash.
import { randomBytes } from 'node:crypto'
import type { RelayConfig } from './config.js'
import { hashToken } from './hub/hub.js'
import { hashPassword, verifyPassword } from './passwords.js'
import type { AgentRecord, Store } from './store/store.js'

/** Name of the session cookie. */
export const SESSION_COOKIE = 'parley_session'

export type Auth = ReturnType<typeof createAuth>

/** Creates the login service. `now` is injectable for tests (ms since epoch). */
export const createAuth = (deps: { store: Store; config: Readonly<RelayConfig>; now?: () => number }) => {
  const { store, config } = deps
  const now = deps.now ?? Date.now
  // Compared against when the email is unknown, so both cases take as long.
  const dummy = hashPassword(randomBytes(16).toString('hex'))
  return {
    /** Checks the credentials; on success creates a session and returns its token. */
    async login(email: string, password: string): Promise<{ token: string; agent: AgentRecord } | null> {
      const agent = await store.getAgentByEmail(email.trim())
      const ok = await verifyPassword(password, agent?.passwordHash ?? (await dummy))
      if (!agent || !ok || agent.disabled) return null
      const token = randomBytes(32).toString('base64url')
      const t = now()
      await store.createSession({ tokenHash: hashToken(token), agentId: agent.id, createdAt: t, expiresAt: t + config.sessionTtlMs })
      return { token, agent }
    },
    /** The agent behind a session token, if the session is live. */
    async agentFor(token: string | undefined): Promise<AgentRecord | undefined> {
      if (!token) return undefined
      const session = await store.getSession(hashToken(token), now())
      const agent = session && (await store.getAgent(session.agentId))
      return agent && !agent.disabled ? agent : undefined
    },
    /** Ends a session. */
    async logout(token: string | undefined) {
      if (token) await store.deleteSession(hashToken(token))
    }
  }
}
