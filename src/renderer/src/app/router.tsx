/** Routes, under a hash router so that they work when the app is loaded from file://. */
import { createHashRouter, Navigate } from 'react-router'
import { DemoPage } from '../features/demo/components/demo-page'
import { DirectoryPage } from '../features/directory/components/directory-page'
import { FaultsPage } from '../features/faults/components/faults-page'
import { LogsPage } from '../features/logs/components/logs-page'
import { ServerPage } from '../features/server/components/server-page'
import { SettingsPage } from '../features/settings/components/settings-page'
import { SetupGuidePage } from '../features/setup/components/setup-guide-page'
import { TenantLayout } from '../features/tenants/components/tenant-layout'
import { TenantOverviewPage } from '../features/tenants/components/tenant-overview-page'
import { TenantsPage } from '../features/tenants/components/tenants-page'
import { TokensPage } from '../features/tokens/components/tokens-page'
import { AppFrame } from './app-frame'
import { NotFoundPage, RouteErrorPage } from './not-found-page'
import { paths } from './paths'

/** The app's router. */
export const router = createHashRouter([
  {
    element: <AppFrame />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <Navigate to={paths.tenants} replace /> },
      { path: 'tenants', element: <TenantsPage /> },
      {
        path: 'tenants/:slug',
        element: <TenantLayout />,
        children: [
          { index: true, element: <TenantOverviewPage /> },
          { path: 'tokens', element: <TokensPage /> },
          { path: 'directory', element: <DirectoryPage view="users" /> },
          { path: 'directory/groups', element: <DirectoryPage view="groups" /> },
          { path: 'setup', element: <SetupGuidePage /> },
          { path: 'demo', element: <DemoPage /> },
          { path: 'faults', element: <FaultsPage /> }
        ]
      },
      { path: 'logs', element: <LogsPage /> },
      { path: 'server', element: <ServerPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <NotFoundPage /> }
    ]
  }
])
