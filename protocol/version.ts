/** Wire protocol version, sent in the first frame of every socket; bumped on breaking changes. */
export const PROTOCOL_VERSION = 1
