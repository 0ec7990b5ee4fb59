// Agent logins and sessions. The cookie carries a random token; the store keeps only its hash.
// Failed logins lock the email for a while (security/lockout.ts); ending sessions publishes
// `revoked` on the agent's topic so their open sockets close at once (security/session-watch.ts).
import { randomBytes } from 'node:crypto'
import type { Bus } from './bus/bus.js'
import type { RelayConfig } from './config.js'
import { ERR_BAD_INPUT, ERR_RATE_LIMITED, ERR_UNAUTHORIZED } from './errors.js'
import { topics } from './hub/events.js'
import { hashToken } from './hub/hub.js'
import { hashPassword, verifyPassword } from './passwords.js'
import { createLockout } from './security/lockout.js'
import type { AgentRecord, Store } from './store/store.js'

/** Name of the session cookie. */
export const SESSION_COOKIE = 'parley_session'

/** Characters in a password, at least and at most. */
export const PASSWORD_CHARS = { min: 8, max: 1024 } as const

/** The login service (see createAuth). */
export type Auth = ReturnType<typeof createAuth>

/** Creates the login service. `now` is injectable for tests (ms since epoch). */
export const createAuth = (deps: { store: Store; config: Readonly<RelayConfig>; bus?: Bus; now?: () => number }) => {
  const { store, config, bus } = deps
  const now = deps.now ?? Date.now
  // Compared against when the email is unknown, so both cases take as long.
  const dummy = hashPassword(randomBytes(16).toString('hex'))
  const lockout = createLockout(store, { failures: config.lockoutFailures, windowMs: config.lockoutMs }, now)

  const refuseIfLocked = async (email: string) => {
    const waitMs = await lockout.lockedForMs(email)
    if (waitMs > 0) throw new ERR_RATE_LIMITED(`Too many failed logins for this account; try again in ${Math.ceil(waitMs / 60_000)} min`)
  }

  const newSession = async (agentId: string): Promise<string> => {
    const token = randomBytes(32).toString('base64url')
    const t = now()
    await store.createSession({ tokenHash: hashToken(token), agentId, createdAt: t, expiresAt: t + config.sessionTtlMs })
    return token
  }

  const revoked = (agentId: string, session?: string) => bus?.publish(topics.agent(agentId), session ? { kind: 'revoked', session } : { kind: 'revoked' })

  return {
    /**
     * Checks the credentials; on success creates a session and returns its token. Throws
     * ERR_RATE_LIMITED while the email is locked out (the password is not even checked then).
     */
    async login(email: string, password: string): Promise<{ token: string; agent: AgentRecord } | null> {
      await refuseIfLocked(email)
      const agent = await store.getAgentByEmail(email.trim())
      const ok = await verifyPassword(password, agent?.passwordHash ?? (await dummy))
      if (!agent || !ok || agent.disabled) {
        await lockout.failed(email)
        return null
      }
      await lockout.succeeded(email)
      return { token: await newSession(agent.id), agent }
    },
    /** The agent behind a session token, if the session is live. */
    async agentFor(token: string | undefined): Promise<AgentRecord | undefined> {
      if (!token) return undefined
      const session = await store.getSession(hashToken(token), now())
      const agent = session && (await store.getAgent(session.agentId))
      return agent && !agent.disabled ? agent : undefined
    },
    /** When the session of `token` expires (ms since epoch), or undefined when it is not live. */
    async expiresAt(token: string | undefined): Promise<number | undefined> {
      return token ? (await store.getSession(hashToken(token), now()))?.expiresAt : undefined
    },
    /** Ends a session and closes the sockets opened with it. */
    async logout(token: string | undefined) {
      if (!token) return
      const tokenHash = hashToken(token)
      const session = await store.getSession(tokenHash, now())
      await store.deleteSession(tokenHash)
      if (session) await revoked(session.agentId, tokenHash)
    },
    /** Ends every session of an agent (all devices) and closes all their sockets. */
    async revokeAll(agentId: string) {
      await store.revokeSessions(agentId)
      await revoked(agentId)
    },
    /**
     * Changes an agent's password after checking the current one (failures count towards the
     * lockout), ends every session and socket of theirs, and returns a fresh session token.
     */
    async changePassword(agent: AgentRecord, current: string, next: string): Promise<string> {
      await refuseIfLocked(agent.email)
      if (!(await verifyPassword(current, agent.passwordHash))) {
        await lockout.failed(agent.email)
        throw new ERR_UNAUTHORIZED('The current password is wrong')
      }
      if (next.length < PASSWORD_CHARS.min || next.length > PASSWORD_CHARS.max)
        throw new ERR_BAD_INPUT(`A password has ${PASSWORD_CHARS.min}–${PASSWORD_CHARS.max} characters`)
      await store.updateAgent(agent.id, { passwordHash: await hashPassword(next) })
      await store.revokeSessions(agent.id)
      await revoked(agent.id)
      return newSession(agent.id)
    }
  }
}
