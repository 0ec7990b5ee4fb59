// The chat chunk's front door (dist/parley-chat-<hash>.js): what the loader starts once a visitor
// wants the chat. Everything a visitor uses after opening lives behind it: the state machine
// (../state.ts), the session store, other tabs, typing, images and the Preact window (../ui/).
export { startChat } from './start-chat.js'
