// The end of a chat: that it ended, what the site offers then (rating, transcript: the forms
// chunk's EndForms) and the way to start another chat.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { View } from './actions.js'
import { Later } from './Later.js'

/** Shown in place of the composer once the chat has ended. */
export const Ended = (v: View) => {
  const { s, t, a, site } = v
  return (
    <div class="ended">
      {!s.messages.some((m) => m.event === 'ended') && <p>{t.ended}</p>}
      {(site.ratings || site.transcript) && <Later v={v} draw={(m) => <m.EndForms {...v} />} />}
      <p class="row">
        {/* In mode `form` a new chat may begin as a message left while no one can answer. */}
        <button type="button" class="go" disabled={!s.available && (v.o.availability || site.offline) !== 'form'} onClick={a.newChat}>
          {t.newChat}
        </button>
      </p>
    </div>
  )
}
