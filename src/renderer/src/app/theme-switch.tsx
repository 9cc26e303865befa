/** Light, dark, or follow the OS; Mantine persists the choice in localStorage. */
import { Center, SegmentedControl, Tooltip, useMantineColorScheme, VisuallyHidden, type MantineColorScheme } from '@mantine/core'
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react'

const options = [
  { value: 'light', label: 'Light', Icon: IconSun },
  { value: 'dark', label: 'Dark', Icon: IconMoon },
  { value: 'auto', label: 'Follow the OS', Icon: IconDeviceDesktop }
] as const

/** Theme choices as labels, for Settings and the command palette. */
export const themeOptions: ReadonlyArray<{ value: MantineColorScheme; label: string }> = options

/** The compact icon switch in the header. */
export function ThemeSwitch() {
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  return (
    <SegmentedControl
      size="xs"
      radius="md"
      aria-label="Theme"
      value={colorScheme}
      onChange={(value) => setColorScheme(value as MantineColorScheme)}
      data={options.map(({ value, label, Icon }) => ({
        value,
        label: (
          <Tooltip label={`Theme: ${label.toLowerCase()}`} openDelay={400}>
            <Center h={18}>
              <Icon size={15} stroke={1.8} aria-hidden />
              <VisuallyHidden>{`${label} theme`}</VisuallyHidden>
            </Center>
          </Tooltip>
        )
      }))}
    />
  )
}
