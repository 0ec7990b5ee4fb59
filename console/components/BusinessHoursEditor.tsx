import { useId, useMemo, useState } from 'preact/hooks'
import { isOpenAt, type BusinessHours, type OpeningSpan, type Weekday } from '../../protocol/index.js'
import { addClosedDate, DAY_NAMES, EDITOR_DAYS, endFromInput, endToInput, localNow, NEW_SPAN, spansOf, zoneChoices } from '../business-hours-form.js'

/** Props of {@link BusinessHoursEditor}. */
export interface BusinessHoursEditorProps {
  hours: BusinessHours
  onChange(hours: BusinessHours): void
  /** ms since epoch, for the "open now?" line */
  now: number
}

const longDate = (date: string): string =>
  new Date(date + 'T12:00:00Z').toLocaleDateString([], { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })

/**
 * Weekly opening hours in a time zone, plus closed days: a day without spans is closed; each span
 * has a start and an end, and a day may have several (a lunch break). Outside them customers see
 * the chat as if no agent were online.
 */
export function BusinessHoursEditor({ hours, onChange, now }: BusinessHoursEditorProps) {
  const id = useId()
  const [closedDate, setClosedDate] = useState('')
  const set = (patch: Partial<BusinessHours>) => onChange({ ...hours, ...patch })
  const setSpan = (index: number, patch: Partial<OpeningSpan>) => set({ week: hours.week.map((s, i) => (i === index ? { ...s, ...patch } : s)) })
  const addSpan = (day: Weekday) => {
    const last = spansOf(hours, day).at(-1)?.span
    // A second span starts where the first ended (after a break), so it does not overlap.
    const span = last ? { day, from: last.to === '24:00' ? '23:00' : last.to, to: '24:00' } : { day, ...NEW_SPAN }
    set({ week: [...hours.week, span] })
  }
  const copyToWeekdays = () => {
    const monday = spansOf(hours, 'Mon').map(({ span }) => span)
    const workdays: Weekday[] = ['Tue', 'Wed', 'Thu', 'Fri']
    set({ week: [...hours.week.filter((s) => !workdays.includes(s.day)), ...workdays.flatMap((day) => monday.map((s) => ({ ...s, day })))] })
  }
  const open = isOpenAt({ ...hours, enabled: true }, now)
  // Some 400 zones: built once per zone, so typing elsewhere in the form does not rebuild them.
  const zones = useMemo(
    () =>
      zoneChoices(hours.timeZone).map((z) => (
        <option key={z} value={z}>
          {z.replace(/_/g, ' ')}
        </option>
      )),
    [hours.timeZone]
  )

  return (
    <fieldset class="fieldset" data-testid="business-hours">
      <legend>Business hours</legend>
      <label class="option">
        <input type="checkbox" class="option-input" checked={hours.enabled} onChange={(ev) => set({ enabled: ev.currentTarget.checked })} /> Chat only during
        business hours
      </label>
      <p class="help">Outside these hours customers see the chat as if no agent were online, even when an agent forgot to switch off.</p>
      {hours.enabled && (
        <>
          <div class="form-grid">
            <label for={id + 'zone'}>Time zone</label>
            <div>
              <select id={id + 'zone'} class="select" value={hours.timeZone} onChange={(ev) => set({ timeZone: ev.currentTarget.value })}>
                {zones}
              </select>
              <p class="help" data-testid="hours-now">
                It is {localNow(hours, now)} there: {open ? 'open' : 'closed'} with these hours.
              </p>
            </div>
          </div>
          <table class="hours-table hours-block">
            <caption class="sr-only">Opening hours per weekday</caption>
            <tbody>
              {EDITOR_DAYS.map((day) => {
                const spans = spansOf(hours, day)
                return (
                  <tr key={day} data-testid="hours-day" data-day={day}>
                    <th scope="row">{DAY_NAMES[day]}</th>
                    <td>
                      {spans.length === 0 && <span class="muted">Closed</span>}
                      <ul class="spans">
                        {spans.map(({ span, index }, n) => {
                          const which = DAY_NAMES[day] + (spans.length > 1 ? ' (' + (n + 1) + ')' : '')
                          return (
                            <li key={index} class="span">
                              <input
                                type="time"
                                class="time-input"
                                aria-label={which + ' opens at'}
                                value={span.from}
                                required
                                onInput={(ev) => setSpan(index, { from: ev.currentTarget.value })}
                              />
                              <span aria-hidden="true">–</span>
                              <input
                                type="time"
                                class="time-input"
                                aria-label={which + ' closes at'}
                                value={endToInput(span.to)}
                                required
                                onInput={(ev) => setSpan(index, { to: endFromInput(ev.currentTarget.value) })}
                              />
                              <button
                                type="button"
                                class="button small"
                                aria-label={'Remove ' + which + ' ' + span.from + '–' + span.to}
                                onClick={() => set({ week: hours.week.filter((_, i) => i !== index) })}
                              >
                                Remove
                              </button>
                            </li>
                          )
                        })}
                      </ul>
                    </td>
                    <td class="hours-actions">
                      <button type="button" class="button small" aria-label={'Add hours on ' + DAY_NAMES[day]} onClick={() => addSpan(day)}>
                        Add hours
                      </button>
                      {day === 'Mon' && spans.length > 0 && (
                        <button type="button" class="button small" onClick={copyToWeekdays}>
                          Copy to Tue–Fri
                        </button>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <p class="help">An end of 00:00 (12:00 AM) means midnight, the end of the day. For hours past midnight, add the rest to the next day.</p>
          <div class="form-grid hours-block">
            <label for={id + 'closed'}>Closed days</label>
            <div>
              <div class="inline-form">
                <input id={id + 'closed'} type="date" class="date-input" value={closedDate} onInput={(ev) => setClosedDate(ev.currentTarget.value)} />
                <button
                  type="button"
                  class="button small"
                  disabled={!closedDate}
                  onClick={() => {
                    set(addClosedDate(hours, closedDate))
                    setClosedDate('')
                  }}
                >
                  Add closed day
                </button>
              </div>
              <p class="help">Holidays: the chat stays closed all day, whatever the weekly hours say.</p>
              {hours.closedDates.length > 0 && (
                <ul class="closed-dates" aria-label="Closed days added">
                  {hours.closedDates.map((d) => (
                    <li key={d} class="tag" data-testid="closed-date">
                      <time dateTime={d}>{longDate(d)}</time>
                      <button
                        type="button"
                        class="tag-remove"
                        aria-label={'Open again on ' + longDate(d)}
                        onClick={() => set({ closedDates: hours.closedDates.filter((x) => x !== d) })}
                      >
                        ×
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </>
      )}
    </fieldset>
  )
}
