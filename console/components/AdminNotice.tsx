/** What an admin screen says about its last load or save: done (`ok`) or what went wrong. */
export type Notice = { ok: boolean; text: string }

/** Props of {@link AdminNotice}. */
export interface AdminNoticeProps {
  notice: Notice | null
  testId?: string
}

/** The admin screen's live region: a failure is an alert, a success a status; always present so both are announced. */
export function AdminNotice({ notice, testId }: AdminNoticeProps) {
  return (
    <p class={notice ? (notice.ok ? 'notice' : 'form-error') : 'sr-only'} role={notice && !notice.ok ? 'alert' : 'status'} data-testid={testId}>
      {notice?.text}
    </p>
  )
}
