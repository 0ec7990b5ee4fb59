// The widget's front door for code that imports it (dist/parley.mjs), and the source of its
// published declarations (dist/parley.d.ts); the script tag uses main.ts.
import type { Parley, ParleyOptions } from './api.js'
import { createParley as create } from './create-parley.js'

export type { AvailabilityMode, Identity, Parley, ParleyEvents, ParleyOptions, ParleyStub, Position, Theme } from './api.js'

/** Starts a widget on the page (the chat window itself is fetched once a visitor wants it) and returns its API. */
export const createParley: (options: ParleyOptions) => Parley = create
