import { runApp } from './electron/app'

// The build puts the worker threads (src/main/db/log-writer-thread.ts, database-check-thread.ts) beside this file.
runApp({
  logWriterScript: new URL('./log-writer.js', import.meta.url),
  databaseCheckScript: new URL('./database-check.js', import.meta.url)
})
