/**
 * The operation pickers' options (the log's filter, a fault rule): each operation in one provider's words, with the
 * other's name under it where it differs, and a search that finds an operation by either.
 */
import { CheckIcon, Combobox, isOptionsGroup, Text, type ComboboxData, type ComboboxItem, type ComboboxParsedItem, type OptionsFilter } from '@mantine/core'
import type { ReactNode } from 'react'
import type { IdentityProvider } from '../../../../shared/identity-provider'
import { entraOperationName, isOperation, operationGroups, operationLabel } from './operation-labels'

export interface OperationOptions {
  readonly data: ComboboxData
  readonly filter: OptionsFilter
  renderOption(input: { option: ComboboxItem; checked?: boolean }): ReactNode
}

function build(provider: IdentityProvider): OperationOptions {
  const other: IdentityProvider = provider === 'okta' ? 'entra' : 'okta'
  const otherName = other === 'okta' ? 'Okta' : 'Entra'
  // The other provider's name where it has its own (Entra sends no paged import) and it differs.
  const alias = (operation: string): string | null => {
    if (!isOperation(operation)) return null
    const name = other === 'entra' ? entraOperationName(operation) : operationLabel(operation)
    return name !== null && name !== operationLabel(operation, provider) ? name : null
  }
  const matches = (item: ComboboxItem, words: string): boolean => `${item.label} ${alias(item.value) ?? ''}`.toLowerCase().includes(words)
  return {
    data: operationGroups.map((group) => ({
      group: group.group,
      items: group.operations.map((operation) => ({ value: operation, label: operationLabel(operation, provider) }))
    })),
    // Finds an operation by either name, so that "disable" finds Okta's Deactivate.
    filter: ({ options, search }) => {
      const words = search.trim().toLowerCase()
      return options.flatMap((option): ComboboxParsedItem[] => {
        if (!isOptionsGroup(option)) return matches(option, words) ? [option] : []
        const items = option.items.filter((item) => matches(item, words))
        return items.length > 0 ? [{ ...option, items }] : []
      })
    },
    renderOption: ({ option, checked }) => {
      const name = alias(option.value)
      return (
        <>
          {checked ? <CheckIcon className={Combobox.classes.optionsDropdownCheckIcon} /> : null}
          <div>
            <div>{option.label}</div>
            {name ? (
              <Text size="xs" c="dimmed">
                {otherName}: {name}
              </Text>
            ) : null}
          </div>
        </>
      )
    }
  }
}

/** Okta's names with Entra's under them, or Entra's with Okta's. */
export const operationOptions: Readonly<Record<IdentityProvider, OperationOptions>> = { okta: build('okta'), entra: build('entra') }
