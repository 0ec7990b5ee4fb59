import type { ComponentChildren } from 'preact'

/** Props of {@link Section}. */
export interface SectionProps {
  /** `waiting`, `chatting` or `agents`: prefixes the ids and test ids */
  name: string
  title: string
  /** the badge: number of people in the section */
  count: number
  /** what the count counts, for its tooltip: "waiting", "chatting", "active" */
  unit: string
  children: ComponentChildren
}

/** A sidebar section: a heading with its count badge, then its list. */
export function Section({ name, title, count, unit, children }: SectionProps) {
  return (
    <section class="section" aria-labelledby={name + '-heading'} data-testid={name + '-section'}>
      <h2 id={name + '-heading'} class="section-title">
        {title}{' '}
        <span class={'badge' + (count ? ' has-count' : '')} title={count + ' ' + unit} data-testid={name + '-count'}>
          {count}
        </span>
      </h2>
      {children}
    </section>
  )
}
