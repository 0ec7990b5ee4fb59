// The `parley` command: `parley start`, `parley agent add|list|remove`, `parley erase|backup|prune`.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { addAgent } from './agents.js'
import { configFromEnv } from './config.js'
import { UsageError, backupCommand, eraseCommand, pruneCommand } from './data-commands.js'
import { generatePassword } from './passwords.js'
import { startRelay } from './server.js'
import { migrateSqliteToPg } from './store/migrate-sqlite.js'
import { openStore } from './store/open-store.js'

const USAGE = `Usage:
  parley start                                   start the relay (see README for env vars)
  parley agent add --name NAME --email EMAIL [--password PW] [--role admin|agent] [--display-name NAME]
  parley agent list
  parley agent remove EMAIL
  parley erase --email EMAIL | --token TOKEN     erase everything about one customer
  parley backup FILE                             consistent copy of the database (the relay may run)
  parley prune [--days N]                        delete ended chats older than N days (default PARLEY_RETENTION_DAYS)
  parley migrate --to POSTGRES_URL [--from FILE] copy this SQLite installation into PostgreSQL (resumable; verifies counts)`

// Built to dist/relay/cli.mjs: the package root is two folders up. Static files are found from
// there, so `parley start` works from any working directory.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const paths = { distDir: join(root, 'dist'), demoDir: join(root, 'demo-site') }

const fail = (message: string): never => {
  console.error(`parley: ${message}\n\n${USAGE}`)
  process.exit(2)
}

const agentCommand = async (args: string[]) => {
  const config = configFromEnv(process.env, paths)
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', default: 'agent' },
      'display-name': { type: 'string' }
    }
  })
  const [verb, ...rest] = positionals
  const store = await openStore(config)
  try {
    if (verb === 'add') {
      if (!values.name || !values.email) fail('agent add needs --name and --email')
      const password = values.password ?? generatePassword()
      const a = await addAgent(store, config, {
        name: values.name!,
        email: values.email!,
        password,
        role: values.role as 'admin' | 'agent',
        ...(values['display-name'] ? { displayName: values['display-name'] } : {})
      })
      console.log(`added ${a.role} ${a.name} <${a.email}>${values.password ? '' : `, password: ${password}`}`)
    } else if (verb === 'list') {
      const agents = await store.listAgents()
      if (!agents.length) console.log('no agents')
      for (const a of agents) console.log(`${a.email}\t${a.name}\t${a.role}\t${a.on ? 'on' : 'off'}`)
    } else if (verb === 'remove') {
      const email = rest[0] ?? fail('agent remove needs an email')
      const a = await store.getAgentByEmail(email)
      if (!a) fail(`no agent with email ${email}`)
      await store.removeAgent(a!.id)
      console.log(`removed ${a!.email}`)
    } else fail(`unknown agent command "${verb ?? ''}"`)
  } catch (e) {
    fail((e as Error).message)
  } finally {
    await store.close()
  }
}

const migrateCommand = async (args: string[]) => {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, from: { type: 'string' } } })
  if (!values.to || !/^postgres(ql)?:\/\/./.test(values.to)) fail('migrate needs --to postgres://…')
  const from = values.from ?? join(configFromEnv(process.env, paths).dataDir, 'parley.db')
  console.log(`copying ${from} into PostgreSQL`)
  await migrateSqliteToPg(from, values.to!, console.log)
  console.log('done: every table has the same number of rows; start the relay with PARLEY_DATABASE_URL set to that URL')
}

const main = async () => {
  const [command, ...args] = process.argv.slice(2)
  if (command === 'start') await startRelay(configFromEnv(process.env, paths))
  else if (command === 'agent') await agentCommand(args)
  else if (command === 'erase' || command === 'backup' || command === 'prune') {
    const run = { erase: eraseCommand, backup: backupCommand, prune: pruneCommand }[command]
    await run(configFromEnv(process.env, paths), args, console.log).catch((e: unknown) => (e instanceof UsageError ? fail(e.message) : Promise.reject(e)))
  } else if (command === 'migrate') await migrateCommand(args)
  else if (command === undefined || command === 'help' || command === '--help') console.log(USAGE)
  else fail(`unknown command "${command}"`)
}

main().catch((e: unknown) => {
  console.error(`parley: ${(e as Error).message}`)
  process.exit(1)
})
