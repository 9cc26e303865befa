import { Select } from '@mantine/core'
import { IconBuildingSkyscraper } from '@tabler/icons-react'
import { useLocation, useMatch, useNavigate } from 'react-router'
import { paths } from '../../../app/paths'
import { useTenants } from '../queries'
import classes from './tenant-switcher.module.css'

/** The header's tenant switcher: jumps to the same screen of another tenant. */
export function TenantSwitcher() {
  const tenants = useTenants()
  const navigate = useNavigate()
  const location = useLocation()
  const match = useMatch({ path: '/tenants/:slug', end: false })
  const current = match?.params.slug ?? null
  const data = (tenants.data?.items ?? []).map((tenant) => ({ value: tenant.slug, label: tenant.name }))

  return (
    <Select
      aria-label="Switch tenant"
      placeholder={tenants.isPending ? 'Loading tenants…' : 'Go to tenant…'}
      data={data}
      value={current && data.some((item) => item.value === current) ? current : null}
      onChange={(slug) => {
        if (!slug) return
        // Stay on the same sub-screen (Tokens stays Tokens) when switching between tenants.
        const rest = current ? location.pathname.slice(paths.tenant(current).length) : ''
        navigate(`${paths.tenant(slug)}${rest}`)
      }}
      searchable
      nothingFoundMessage="No tenant matches"
      leftSection={<IconBuildingSkyscraper size={15} stroke={1.7} aria-hidden />}
      size="xs"
      w={200}
      allowDeselect={false}
      disabled={tenants.isSuccess && data.length === 0}
      comboboxProps={{ width: 260, position: 'bottom-end' }}
      classNames={{ input: classes.input }}
      styles={{ input: { height: 30, minHeight: 30 } }}
    />
  )
}
