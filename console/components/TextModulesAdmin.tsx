import { useId, useState } from 'preact/hooks'
import type { TextModule } from '../../protocol/index.js'
import { createTextModule, deleteTextModule, fetchTextModules, updateTextModule, type TextModuleInput } from '../api.js'
import { useAdminList } from '../use-admin-list.js'
import { AdminNotice } from './AdminNotice.js'
import { TableHead } from './TableHead.js'
import { TextareaField } from './TextareaField.js'

/** The module being edited: a new one (`id` unset) or an existing one. */
type Editing = TextModuleInput & { id?: string }

const blank: Editing = { name: '', keywords: '', content: '' }

/** Text modules (canned replies typed with `::`): list, create, edit, delete. */
export function TextModulesAdmin() {
  const id = useId()
  const { fetchImpl, list: modules, setList: setModules, notice, setNotice } = useAdminList(fetchTextModules)
  const [editing, setEditing] = useState<Editing | null>(null)
  const [deleting, setDeleting] = useState<string | null>(null)

  const sorted = [...(modules ?? [])].sort((a, b) => a.name.localeCompare(b.name))

  const save = async (ev: Event) => {
    ev.preventDefault()
    if (!editing) return
    const input = { name: editing.name.trim(), keywords: editing.keywords.trim(), content: editing.content }
    if (!input.name || !input.content.trim()) return setNotice({ ok: false, text: 'A text module needs a name and a content.' })
    const r = editing.id ? await updateTextModule(editing.id, input, fetchImpl) : await createTextModule(input, fetchImpl)
    if (!r.ok) return setNotice({ ok: false, text: r.message })
    setModules((list) => [...(list ?? []).filter((m) => m.id !== r.value.id), r.value])
    setEditing(null)
    setNotice({ ok: true, text: 'Saved “' + r.value.name + '”. Type ::' + r.value.name.split(' ')[0]!.toLowerCase() + ' in a chat to use it.' })
  }

  const remove = async (m: TextModule) => {
    const r = await deleteTextModule(m.id, fetchImpl)
    setDeleting(null)
    if (!r.ok) return setNotice({ ok: false, text: r.message })
    setModules((list) => (list ?? []).filter((x) => x.id !== m.id))
    setNotice({ ok: true, text: 'Deleted “' + m.name + '”.' })
  }

  return (
    <section class="admin-section" aria-labelledby={id + 'h'} data-testid="modules-admin">
      <div class="admin-head">
        <h2 id={id + 'h'} class="admin-heading">
          Text modules
        </h2>
        {!editing && (
          <button type="button" class="button primary" onClick={() => setEditing({ ...blank })}>
            New text module
          </button>
        )}
      </div>
      <AdminNotice notice={notice} />
      {editing && (
        <form class="admin-form boxed" onSubmit={save} aria-label={editing.id ? 'Edit text module' : 'New text module'} noValidate>
          <div class="form-grid">
            <label for={id + 'name'}>Name</label>
            <input id={id + 'name'} maxLength={100} value={editing.name} onInput={(ev) => setEditing({ ...editing, name: ev.currentTarget.value })} />
            <label for={id + 'keywords'}>Keywords</label>
            <input
              id={id + 'keywords'}
              maxLength={300}
              placeholder="thanks bye"
              value={editing.keywords}
              onInput={(ev) => setEditing({ ...editing, keywords: ev.currentTarget.value })}
            />
            <TextareaField
              id={id + 'content'}
              label="Content"
              help={
                <>
                  Filled in when inserted: {'{{customer.name}}'}, {'{{customer.email}}'}, {'{{agent.name}}'}.
                </>
              }
              rows={5}
              maxLength={5000}
              value={editing.content}
              onInput={(content) => setEditing({ ...editing, content })}
            />
          </div>
          <div class="dialog-actions">
            <button type="button" class="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
            <button type="submit" class="button primary">
              Save text module
            </button>
          </div>
        </form>
      )}
      {modules === null ? (
        <p class="empty">Loading text modules…</p>
      ) : sorted.length === 0 ? (
        <p class="empty">No text modules yet.</p>
      ) : (
        <table class="table">
          <TableHead columns={['Name', 'Keywords', 'Content']} actions />
          <tbody>
            {sorted.map((m) => (
              <tr key={m.id} data-testid="module-row">
                <td class="strong">{m.name}</td>
                <td class="muted">{m.keywords}</td>
                <td class="clip">{m.content}</td>
                <td class="actions">
                  {deleting === m.id ? (
                    <>
                      <button type="button" class="button small danger" onClick={() => void remove(m)}>
                        Really delete
                      </button>
                      <button type="button" class="button small" onClick={() => setDeleting(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <>
                      <button
                        type="button"
                        class="button small"
                        aria-label={'Edit ' + m.name}
                        onClick={() => setEditing({ id: m.id, name: m.name, keywords: m.keywords, content: m.content })}
                      >
                        Edit
                      </button>
                      <button type="button" class="button small danger" aria-label={'Delete ' + m.name} onClick={() => setDeleting(m.id)}>
                        Delete
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
