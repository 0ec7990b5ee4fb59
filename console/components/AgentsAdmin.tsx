import { useId, useState } from 'preact/hooks'
import type { AgentAccount } from '../../protocol/index.js'
import { addAgent, fetchAgents, patchAgent, type AgentPatch } from '../api.js'
import { useAdminList } from '../use-admin-list.js'
import { AdminNotice } from './AdminNotice.js'
import { TableHead } from './TableHead.js'

/** Props of {@link AgentsAdmin}. */
export interface AgentsAdminProps {
  /** the admin themself: they cannot disable or demote their own account here */
  meId: string
}

/** Agents: list, add, disable or enable, reset a password, change a role. */
export function AgentsAdmin({ meId }: AgentsAdminProps) {
  const id = useId()
  const { fetchImpl, list: agents, setList: setAgents, notice, setNotice } = useAdminList(fetchAgents)
  const [resetting, setResetting] = useState<string | null>(null)
  const [newPassword, setNewPassword] = useState('')
  const [form, setForm] = useState({ name: '', email: '', password: '', role: 'agent' as AgentAccount['role'] })

  const replace = (a: AgentAccount) => setAgents((list) => list?.map((x) => (x.id === a.id ? a : x)) ?? [a])

  const patch = async (agent: AgentAccount, change: AgentPatch, done: string) => {
    const r = await patchAgent(agent.id, change, fetchImpl)
    if (!r.ok) {
      setNotice({ ok: false, text: r.message })
      return false
    }
    replace(r.value)
    setNotice({ ok: true, text: done })
    return true
  }

  const add = async (ev: Event) => {
    ev.preventDefault()
    if (form.password.length < 8) return setNotice({ ok: false, text: 'A password needs at least 8 characters.' })
    const r = await addAgent({ ...form, name: form.name.trim(), email: form.email.trim() }, fetchImpl)
    if (!r.ok) return setNotice({ ok: false, text: r.message })
    setAgents((list) => [...(list ?? []), r.value])
    setForm({ name: '', email: '', password: '', role: 'agent' })
    setNotice({ ok: true, text: r.value.name + ' was added. They can log in with ' + r.value.email + ' now.' })
  }

  const reset = async (ev: Event, agent: AgentAccount) => {
    ev.preventDefault()
    if (newPassword.length < 8) return setNotice({ ok: false, text: 'A password needs at least 8 characters.' })
    if (await patch(agent, { password: newPassword }, 'The password of ' + agent.name + ' was reset; their sessions ended.')) {
      setResetting(null)
      setNewPassword('')
    }
  }

  return (
    <section class="admin-section" aria-labelledby={id + 'h'} data-testid="agents-admin">
      <h2 id={id + 'h'} class="admin-heading">
        Agents
      </h2>
      <AdminNotice notice={notice} />
      {agents === null ? (
        <p class="empty">Loading agents…</p>
      ) : (
        <table class="table">
          <TableHead columns={['Name', 'Email', 'Role', 'Status']} actions />
          <tbody>
            {agents.map((a) => {
              const self = a.id === meId
              return (
                <tr key={a.id} data-testid="agent-row" data-agent-id={a.id} class={a.disabled ? 'is-disabled' : undefined}>
                  <td>
                    <span class="strong">{a.name}</span>
                    {self && <span class="entry-you"> (you)</span>}
                    {a.displayName !== a.name && <span class="muted block">shown as {a.displayName}</span>}
                  </td>
                  <td>{a.email}</td>
                  <td>
                    <select
                      class="select"
                      aria-label={'Role of ' + a.name}
                      value={a.role}
                      disabled={self}
                      onChange={(ev) => {
                        const role = ev.currentTarget.value as AgentAccount['role']
                        void patch(a, { role }, a.name + ' is now ' + (role === 'admin' ? 'an admin' : 'an agent') + '.')
                      }}
                    >
                      <option value="agent">Agent</option>
                      <option value="admin">Admin</option>
                    </select>
                  </td>
                  <td>
                    {a.disabled ? <span class="status-pill is-closed">Disabled</span> : <span class="status-pill is-open">Active</span>}
                    {!a.disabled && <span class="muted"> · chat {a.on ? 'on' : 'off'}</span>}
                  </td>
                  <td class="actions">
                    {resetting === a.id ? (
                      <form class="inline-form" onSubmit={(ev) => reset(ev, a)}>
                        <label class="sr-only" for={id + 'pw' + a.id}>
                          New password for {a.name}
                        </label>
                        <input
                          id={id + 'pw' + a.id}
                          type="password"
                          autocomplete="new-password"
                          placeholder="New password"
                          value={newPassword}
                          onInput={(ev) => setNewPassword(ev.currentTarget.value)}
                        />
                        <button type="submit" class="button primary small">
                          Save
                        </button>
                        <button type="button" class="button small" onClick={() => setResetting(null)}>
                          Cancel
                        </button>
                      </form>
                    ) : (
                      <>
                        <button
                          type="button"
                          class="button small"
                          onClick={() => {
                            setResetting(a.id)
                            setNewPassword('')
                          }}
                        >
                          Reset password
                        </button>
                        {!self && (
                          <button
                            type="button"
                            class={'button small' + (a.disabled ? '' : ' danger')}
                            onClick={() =>
                              void patch(a, { disabled: !a.disabled }, a.name + (a.disabled ? ' can log in again.' : ' was disabled and logged out.'))
                            }
                          >
                            {a.disabled ? 'Enable' : 'Disable'}
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <form class="admin-form" onSubmit={add} aria-labelledby={id + 'add'} noValidate>
        <h3 id={id + 'add'} class="details-heading">
          Add an agent
        </h3>
        <div class="form-grid">
          <label for={id + 'name'}>Name</label>
          <input id={id + 'name'} required maxLength={200} value={form.name} onInput={(ev) => setForm({ ...form, name: ev.currentTarget.value })} />
          <label for={id + 'email'}>Email</label>
          <input
            id={id + 'email'}
            type="email"
            required
            maxLength={320}
            value={form.email}
            onInput={(ev) => setForm({ ...form, email: ev.currentTarget.value })}
          />
          <label for={id + 'password'}>Password</label>
          <input
            id={id + 'password'}
            type="password"
            autocomplete="new-password"
            required
            value={form.password}
            onInput={(ev) => setForm({ ...form, password: ev.currentTarget.value })}
          />
          <label for={id + 'role'}>Role</label>
          <select
            id={id + 'role'}
            class="select"
            value={form.role}
            onChange={(ev) => setForm({ ...form, role: ev.currentTarget.value as AgentAccount['role'] })}
          >
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div class="dialog-actions">
          <button type="submit" class="button primary" disabled={!form.name.trim() || !form.email.trim() || !form.password}>
            Add agent
          </button>
        </div>
      </form>
    </section>
  )
}
