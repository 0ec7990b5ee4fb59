// The widget's icons as 24×24 SVG stroke paths (no icon font, no files to fetch).

/** A speech bubble: the launcher while closed. */
export const CHAT = 'M4 4h16v12H9l-5 4z'
/** A cross: close. */
export const CROSS = 'M6 6l12 12M18 6L6 18'
/** A paper plane: send. */
export const PLANE = 'M3 20l18-8L3 4l3 8zm3-8h15'
/** A picture: attach an image. */
export const PICTURE = 'M3 5h18v14H3zm0 11l5-5 5 5 3-3 5 5'
/** Three quarters of a circle: spins on the launcher while the chat is on its way. */
export const ARC = 'M12 3a9 9 0 1 0 9 9'
/** A thumb up (turned over by CSS: down): rate a chat. */
export const THUMB = 'M7 10v10H3V10zm0 0l4-7c2 0 3 1 2.5 3L13 9h6a2 2 0 0 1 2 2.3l-1.3 6.9A2 2 0 0 1 17.8 20H7'
