import type { AgentSelf } from '../../protocol/index.js'
import type { AdminTab } from '../route.js'
import { AgentsAdmin } from './AgentsAdmin.js'
import { SiteAdmin } from './SiteAdmin.js'
import { TextModulesAdmin } from './TextModulesAdmin.js'

/** Props of {@link AdminView}. */
export interface AdminViewProps {
  tab: AdminTab
  me: AgentSelf
}

const TABS: [AdminTab, string][] = [
  ['agents', 'Agents'],
  ['site', 'Site'],
  ['modules', 'Text modules']
]

/** The admin screens: agents, site settings and text modules (the relay refuses them to non-admins too). */
export function AdminView({ tab, me }: AdminViewProps) {
  if (me.role !== 'admin')
    return (
      <div class="view" data-testid="admin-view">
        <p class="form-error" role="alert">
          Only admins can manage agents, the site and text modules.
        </p>
      </div>
    )
  return (
    <div class="view" data-testid="admin-view">
      <div class="view-head">
        <h1 class="view-title">Admin</h1>
        <nav class="filters" aria-label="Admin">
          {TABS.map(([t, label]) => (
            <a key={t} class="filter" href={'#/admin/' + t} aria-current={tab === t ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
      </div>
      {tab === 'agents' ? <AgentsAdmin meId={me.id} /> : tab === 'site' ? <SiteAdmin /> : <TextModulesAdmin />}
    </div>
  )
}
