// Which view the console shows, kept in the URL's hash so links, reloads and Back work:
//   #/chats (default)   #/chat/<id> (a ticket's link: opens that transcript)
//   #/tickets/open  #/tickets/closed  #/ticket/<id>
//   #/admin/agents  #/admin/site  #/admin/modules
//   #/reports/now  #/reports/period
import { isId } from '../protocol/index.js'
import { chatIdFromHash } from './deep-link.js'

/** A ticket list filter. */
export type TicketFilter = 'open' | 'closed'

/** An admin screen. */
export type AdminTab = 'agents' | 'site' | 'modules'

/** One place in the console. */
export type Route =
  | { view: 'chats'; chatId?: string }
  | { view: 'tickets'; filter: TicketFilter; ticketId?: string }
  | { view: 'admin'; tab: AdminTab }
  | { view: 'reports'; tab: 'now' | 'period' }

/** The route of a location hash; anything unknown is the chats view. */
export const parseRoute = (hash: string): Route => {
  const chatId = chatIdFromHash(hash)
  if (chatId) return { view: 'chats', chatId }
  const [first, second] = hash.replace(/^#\/?/, '').split('/')
  if (first === 'tickets') return { view: 'tickets', filter: second === 'closed' ? 'closed' : 'open' }
  if (first === 'ticket' && second && isId(second)) return { view: 'tickets', filter: 'open', ticketId: second }
  if (first === 'reports') return { view: 'reports', tab: second === 'period' ? 'period' : 'now' }
  if (first === 'admin') return { view: 'admin', tab: second === 'site' || second === 'modules' ? second : 'agents' }
  return { view: 'chats' }
}

/** The hash of a route (the inverse of {@link parseRoute}). */
export const routeHash = (route: Route): string => {
  switch (route.view) {
    case 'chats':
      return route.chatId ? '#/chat/' + route.chatId : '#/chats'
    case 'tickets':
      return route.ticketId ? '#/ticket/' + route.ticketId : '#/tickets/' + route.filter
    case 'admin':
      return '#/admin/' + route.tab
    case 'reports':
      return '#/reports/' + route.tab
  }
}
