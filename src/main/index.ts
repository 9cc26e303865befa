import { runApp } from './electron/app'

// The build puts the log writer thread (src/main/db/log-writer-thread.ts) beside this file.
runApp({ logWriterScript: new URL('./log-writer.js', import.meta.url) })
