import { dialog, shell } from 'electron'
import type { StartupProblem } from '../core/startup-check'

/** What the user chose in the start-up problem dialog. */
export type StartupChoice = 'quit' | 'start-fresh' | 'retry'

/**
 * Shows a start-up problem (item of core/startup-check) and answers the user's choice. "Open Data Folder" opens the
 * folder and asks again, so the user can look before deciding; nothing here changes a file.
 */
export async function askAboutStartupProblem(problem: StartupProblem): Promise<StartupChoice> {
  for (;;) {
    const buttons = problem.canStartFresh
      ? ['Quit', 'Open Data Folder', 'Move Aside and Start Fresh']
      : ['Quit', 'Open Data Folder', 'Try Again']
    const { response } = await dialog.showMessageBox({
      type: 'error',
      title: problem.title,
      message: problem.title,
      detail: `${problem.message}\n\n${problem.preserved}\n\nDatabase: ${problem.databasePath}\nDetails: ${problem.detail}`,
      buttons,
      defaultId: 0,
      cancelId: 0,
      noLink: true
    })
    if (response === 1) {
      await shell.openPath(problem.dataFolder)
      continue
    }
    if (response === 2) return problem.canStartFresh ? 'start-fresh' : 'retry'
    return 'quit'
  }
}

/** Tells the user where the set-aside file went, so they can give it to Support or a newer version later. */
export async function confirmMovedAside(files: readonly string[]): Promise<void> {
  await dialog.showMessageBox({
    type: 'info',
    title: 'Started with empty data',
    message: 'SCIM Console started with empty data',
    detail: `The previous database was kept, renamed:\n${files.join('\n')}\n\nRestore a backup from Settings → Backup and restore.`,
    buttons: ['OK'],
    noLink: true
  })
}
