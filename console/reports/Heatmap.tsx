// Chats by weekday and hour: a table whose cells are shaded by count, so the picture and its
// text alternative are one and the same element.
import { WEEKDAYS, hour } from './figures.js'

/** The heat map of `cells[weekday][hour]` (0 = Monday). */
export function Heatmap({ cells }: { cells: number[][] }) {
  const max = Math.max(1, ...cells.flat())
  return (
    <div class="r-heat-scroll">
      <table class="r-heat">
        <thead>
          <tr>
            <td />
            {cells[0]!.map((_, h) => (
              <th scope="col" key={h}>
                <span aria-hidden="true">{hour(h)}</span>
                <span class="sr-only">{hour(h)}:00</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cells.map((hours, d) => (
            <tr key={d}>
              <th scope="row">
                <span aria-hidden="true">{WEEKDAYS[d]!.slice(0, 3)}</span>
                <span class="sr-only">{WEEKDAYS[d]}</span>
              </th>
              {hours.map((n, h) => (
                // Five steps of shade, not a smooth ramp: they stay tell-apart-able in both schemes.
                <td key={h} class={'r-heat-' + (n ? 1 + Math.min(4, Math.floor((4 * n) / max)) : 0)}>
                  {n || ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
