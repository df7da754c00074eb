// Key Vault (RBAC authorization) for the Stripe secrets and the waiting room's pass signing key. The Function App reads them through
// Key Vault references in its app settings, resolved with the user-assigned identity
// (Key Vault Secrets User; rbac.bicep). The secrets are created here only when values are passed;
// otherwise set them afterwards with `az keyvault secret set` (docs/deploy.md).

@description('Name of the key vault.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags { *: string }

@description('Name of the secret holding the Stripe secret API key.')
param stripeSecretKeySecretName string

@description('Name of the secret holding the Stripe webhook signing secret.')
param stripeWebhookSecretSecretName string

@secure()
@description('Optional: Stripe secret API key (sk_...). Leave empty to set it later.')
param stripeSecretKey string = ''

@secure()
@description('Optional: Stripe webhook signing secret (whsec_...). Leave empty to set it later.')
param stripeWebhookSecret string = ''

@description('Name of the secret holding the key that signs waiting room passes.')
param waitingRoomPassKeySecretName string

@secure()
@description('The waiting room pass signing key (base64, at least 32 random bytes).')
param waitingRoomPassSigningKey string

@description('Name of the secret holding the key that signs ticket codes.')
param ticketSigningKeySecretName string

@secure()
@description('Optional: the ticket signing key (base64, at least 32 random bytes). Empty: the secret is left as it is (set it once; a new key voids every ticket issued).')
param ticketSigningKey string = ''

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // A deleted vault (and its secrets) cannot be purged before the retention ends, by anyone.
    enablePurgeProtection: true
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
  }
}

resource stripeSecretKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(stripeSecretKey)) {
  parent: vault
  name: stripeSecretKeySecretName
  properties: {
    value: stripeSecretKey
    contentType: 'text/plain'
  }
}

resource stripeWebhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(stripeWebhookSecret)) {
  parent: vault
  name: stripeWebhookSecretSecretName
  properties: {
    value: stripeWebhookSecret
    contentType: 'text/plain'
  }
}

// Always written: the value is given or generated at deployment (main.bicep), never empty.
resource waitingRoomPassKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: waitingRoomPassKeySecretName
  properties: {
    value: waitingRoomPassSigningKey
    contentType: 'text/plain'
  }
}

// Written only when given: unlike the pass key, this one must outlive deployments (every ticket's code is signed with it).
resource ticketSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(ticketSigningKey)) {
  parent: vault
  name: ticketSigningKeySecretName
  properties: {
    value: ticketSigningKey
    contentType: 'text/plain'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
