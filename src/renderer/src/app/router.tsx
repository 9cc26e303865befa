/** Routes, under a hash router so that they work when the app is loaded from file://. */
import { createHashRouter, Navigate } from 'react-router'
import { LogsPage } from '../features/logs/components/logs-page'
import { ServerPage } from '../features/server/components/server-page'
import { SettingsPage } from '../features/settings/components/settings-page'
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
          { path: 'tokens', element: <TokensPage /> }
        ]
      },
      { path: 'logs', element: <LogsPage /> },
      { path: 'server', element: <ServerPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <NotFoundPage /> }
    ]
  }
])
