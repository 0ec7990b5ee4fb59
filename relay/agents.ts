// Managing agent accounts (used by the CLI and the first start).
import type { RelayConfig } from './config.js'
import { hashPassword } from './passwords.js'
import type { AgentRecord, NewAgent, Role, Store } from './store/store.js'

/** Fields to create an agent. */
export interface AgentInput {
  name: string
  email: string
  password: string
  role: Role
  displayName?: string
}

const EMAIL = /^[^\s@]+@[^\s@]+$/

/** Validates `a` and hashes its password: the agent to store. Throws a readable Error on bad input. */
export const newAgent = async (config: Readonly<RelayConfig>, a: AgentInput): Promise<NewAgent> => {
  const email = a.email.trim().toLowerCase()
  if (!EMAIL.test(email) || email.length > 320) throw new Error(`"${a.email}" is not an email address`)
  if (!a.name.trim() || a.name.length > 200) throw new Error('name must be 1–200 characters')
  if (a.password.length < 8) throw new Error('password must be at least 8 characters')
  if (a.role !== 'admin' && a.role !== 'agent') throw new Error('role must be admin or agent')
  return {
    email,
    name: a.name.trim(),
    displayName: (a.displayName ?? a.name).trim(),
    role: a.role,
    passwordHash: await hashPassword(a.password),
    maxChats: config.defaultMaxChats
  }
}

/** Validates and creates an agent. Throws a readable Error on bad input or a taken email. */
export const addAgent = async (store: Store, config: Readonly<RelayConfig>, a: AgentInput): Promise<AgentRecord> => {
  const agent = await newAgent(config, a)
  if (await store.getAgentByEmail(agent.email)) throw new Error(`an agent with email ${agent.email} already exists`)
  return store.createAgent(agent)
}

/** Creates the first agent unless the database has one already; atomic across relay nodes starting together. */
export const addFirstAgent = async (store: Store, config: Readonly<RelayConfig>, a: AgentInput): Promise<AgentRecord | undefined> =>
  store.createFirstAgent(await newAgent(config, a))
