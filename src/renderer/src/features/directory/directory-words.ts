import type { IdentityProvider } from '../../../../shared/identity-provider'
import { providerWords, useSetupProvider, type ProviderSource } from '../setup/setup-provider'

/**
 * What the directory says of the provider that fills it: Okta pushes users and groups and imports them; Entra
 * provisions them in cycles, matches an existing user by userName and a group by displayName, and sends the user's
 * mailNickname and the group's objectId as externalId (its default mappings).
 */
const words = {
  okta: {
    userIdLabel: 'Okta user ID',
    userIdHint: "externalId: the Okta user's id, sent on create",
    userIdDescription: 'externalId: Okta sends its own user id (00u…) on create.',
    userIdExample: '00u1a2b3c4d5e6f7g8h9',
    groupIdLabel: 'Okta group ID',
    groupIdDescription: 'externalId (optional): the Okta group id, 00g…',
    groupIdExample: '00g1a2b3c4d5e6f7g8h9',
    groupNameDescription: "displayName: Okta's Push Groups looks for a group by this name.",
    groupCreatedLabel: 'Pushed',
    userNameDescription: "Okta's unique identifier field for users: usually the work email.",
    noUsers: 'Assign users to the app in Okta, or run the Okta demo. Users Okta pushes appear here the moment they arrive.',
    noGroups: "In Okta, open the app's Push Groups tab and push a group, or run the Okta demo: it pushes one for you.",
    noTokenYet: "Okta cannot push anything until you issue an API token and paste it into the app's API Token field. The Okta demo needs none.",
    newGroupHint: 'Create a group here, as if Okta had pushed it',
    noMembers: 'No members. Okta sends them with its next push of this group.',
    notInGroup: 'Not in any group. Okta adds members when it pushes a group this user belongs to.',
    membersInScope: 'Okta only pushes members who are assigned to the app.',
    newUserIntro: 'A user created here is what Okta’s “Import users” finds: if its username matches an Okta user, Okta offers an EXACT match; otherwise it shows as NEW.',
    userSaved: 'Okta sees the change on its next import.',
    userCreated: "Okta's next import matches it by username.",
    activeHint: 'Okta imports only active users.',
    deleteUser:
      'Okta will get 404 on its next update for this user, and stops pushing to it until the user is unassigned from the app and assigned again. To take access away the way Okta does, deactivate instead.',
    deleteGroup: 'Okta will get 404 on its next push for this group. In Okta, unlink the pushed group and push it again to recreate it.'
  },
  entra: {
    userIdLabel: 'External ID',
    userIdHint: "externalId: Entra sends the user's mailNickname on create",
    userIdDescription: "externalId: Entra sends the user's mailNickname on create.",
    userIdExample: 'jane.doe',
    groupIdLabel: 'External ID',
    groupIdDescription: "externalId (optional): Entra sends the group's objectId.",
    groupIdExample: '5f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f',
    groupNameDescription: 'displayName: Entra matches an existing group by this name.',
    groupCreatedLabel: 'Provisioned',
    userNameDescription: "Entra's matching attribute, from userPrincipalName: usually the work email.",
    noUsers: 'Assign users to the app in Microsoft Entra ID and start provisioning, or run the Entra demo. Users Entra provisions appear here the moment they arrive.',
    noGroups: 'In Microsoft Entra ID, assign a group to the app and provision it, or run the Entra demo: it provisions one for you.',
    noTokenYet: 'Entra cannot provision anything until you issue an API token and paste it into Secret Token. The Entra demo needs none.',
    newGroupHint: 'Create a group here, as if Entra had provisioned it',
    noMembers: 'No members. Entra sends them when it next provisions this group.',
    notInGroup: 'Not in any group. Entra adds members when it provisions a group this user belongs to.',
    membersInScope: 'Entra only provisions members who are in scope: assigned to the app.',
    newUserIntro: 'A user created here is what Entra’s matching finds: if its username matches a user in scope, Entra updates it instead of creating another.',
    userSaved: 'Entra sends its own values again when it next updates this user.',
    userCreated: "Entra's next provisioning cycle matches it by username.",
    activeHint: 'Entra sends active=false for a user who is disabled or unassigned.',
    deleteUser:
      'Entra will get 404 on its next update for this user and reports it in its provisioning logs. To take access away as Entra itself first does, deactivate instead.',
    deleteGroup: 'Entra will get 404 on its next update for this group. In Microsoft Entra ID, restart provisioning to create it again.'
  }
} satisfies Record<IdentityProvider, Record<string, string>>

export type DirectoryWords = (typeof words)['okta'] & { readonly client: string; readonly demo: string; readonly provider: IdentityProvider }

/** The directory's words for a tenant's provider (the setup guide last chosen for it; Okta until then). */
export function useDirectoryWords(tenant: ProviderSource): DirectoryWords {
  const [provider] = useSetupProvider(tenant)
  return { ...words[provider], client: providerWords[provider].client, demo: providerWords[provider].demo, provider }
}
