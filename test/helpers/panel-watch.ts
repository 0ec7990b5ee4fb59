// Follows an agent socket's panel the way the console does: the welcome's snapshot, then every
// `panelDelta` (and `panel` answer to a snapshot request) applied in order. Tests wait for the
// panel to reach a state instead of waiting for a frame that used to carry the whole panel.
import { applyPanelDelta, checkSummary, type Panel, type VersionedPanel } from '../../protocol/index.js'
import type { Frame, TestClient } from './ws-client.js'

/** A panel followed live from an agent socket. */
export interface PanelWatch {
  /** the panel and version as of the last frame */
  get(): VersionedPanel
  /** Resolves with the panel once `ok(panel)` holds (now or after a later frame). */
  until(ok: (p: Panel) => boolean, timeoutMs?: number): Promise<Panel>
  /** Bytes of panel frames (deltas and snapshots) received since the watch began. */
  bytes(): number
  /** Panel versions missed (a delta that did not continue the held version); 0 on a healthy socket. */
  gaps(): number
}

/** Starts following the panel of `client`, whose `welcome` frame was already received. */
export const watchPanel = (client: TestClient, welcome: Frame): PanelWatch => {
  let held: VersionedPanel = { pv: welcome.pv, panel: welcome.panel }
  let bytes = 0
  let gaps = 0
  const waiters = new Set<() => void>()
  const apply = (f: Frame, size: number) => {
    if (f.type === 'panel') held = { pv: f.pv, panel: f.panel }
    else if (f.type === 'panelDelta') {
      const next = applyPanelDelta(held, f as never, checkSummary)
      if (next === 'gap') gaps++
      else if (next !== 'stale') held = next
    } else return
    bytes += size
    for (const w of [...waiters]) w()
  }
  // Frames that arrived with the welcome are buffered in the client; later ones come here.
  for (const f of client.pending()) apply(f, JSON.stringify(f).length)
  client.ws.on('message', (data: Buffer) => apply(JSON.parse(data.toString()), data.length))
  return {
    get: () => held,
    bytes: () => bytes,
    gaps: () => gaps,
    until: (ok, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!ok(held.panel)) return
          waiters.delete(check)
          clearTimeout(timer)
          resolve(held.panel)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`the panel never reached the expected state within ${timeoutMs} ms: ${JSON.stringify(held).slice(0, 500)}`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
  }
}
