// Entry point of dist/console/app.js: mounts the console into #app.
import { render } from 'preact'
import { App } from './App.js'

render(<App />, document.getElementById('app')!)
