import { runApp } from './electron/app'

runApp()
