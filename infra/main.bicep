// TicketBooking: the whole system in one subscription-scope deployment (the azd convention):
// a resource group with the Function App (Flex Consumption), its host/Durable storage, Cosmos DB,
// Azure AI Search, Service Bus, Key Vault, monitoring and one user-assigned identity with
// least-privilege roles. Deploy with `azd up` or `az deployment sub create` (docs/deploy.md);
// why it looks like this: docs/adr/0005-infrastructure.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (e.g. dev, prod); names the resource group and seeds a unique suffix for global names.')
param environmentName string

@minLength(1)
@description('Azure region for all resources. It must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Optional: resource group name. Default: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Optional: principal id of the deploying user or pipeline. Gets Key Vault Secrets Officer so it can set the Stripe secrets.')
param principalId string = ''

@description('Principal type of principalId: User when a person deploys (azd up), ServicePrincipal when a CI pipeline does.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

// ---- Functions ----

@description('Upper bound of Function App instances (40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per Function App instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the HTTP functions: no cold start when an on-sale opens. 0 scales to zero.')
@minValue(0)
@maxValue(100)
param alwaysReadyHttpInstances int = 1

@description('Always-ready instances for the Durable (orchestrator and activity) functions. 0 scales to zero.')
@minValue(0)
@maxValue(100)
param alwaysReadyDurableInstances int = 0

@description('Browser origins allowed to call the API (CORS), besides the web app\'s own origin, which is always allowed.')
param corsAllowedOrigins string[] = []

// ---- Web app (Static Web Apps) ----

@description('Region of the static web app (Static Web Apps is offered in fewer regions; the site itself is served from the global edge).')
@allowed([
  'westus2'
  'centralus'
  'eastus2'
  'westeurope'
  'eastasia'
])
param webLocation string = 'westeurope'

@description('Static Web Apps plan: Free for trials, Standard for production.')
@allowed([
  'Free'
  'Standard'
])
param webSku string = 'Standard'

// ---- Cosmos DB ----

@description('Cosmos DB capacity: Autoscale (production) or Serverless (dev/test, small loads).')
@allowed([
  'Serverless'
  'Autoscale'
])
param cosmosCapacityMode string = 'Autoscale'

@description('Autoscale only: max RU/s of the `tickets` container (it scales between 10% and 100% of this).')
@minValue(1000)
param cosmosTicketsMaxThroughput int = 20000

@description('Autoscale only: max RU/s shared by the other containers.')
@minValue(1000)
param cosmosSharedMaxThroughput int = 4000

// ---- Azure AI Search ----

@description('Azure AI Search tier.')
@allowed([
  'basic'
  'standard'
  'standard2'
  'standard3'
  'storage_optimized_l1'
  'storage_optimized_l2'
])
param searchSku string = 'standard'

@description('Search replicas: 2 for the 99.9% read SLA.')
@minValue(1)
@maxValue(12)
param searchReplicaCount int = 2

@description('Search partitions.')
@allowed([
  1
  2
  3
  4
  6
  12
])
param searchPartitionCount int = 1

// ---- Service Bus (the waiting room's join queue) ----

@description('Service Bus tier of the waiting room\'s join queue: Standard, or Premium for large on-sales (docs/deploy.md).')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Premium only: Service Bus messaging units per partition (1, 2, 4, 8 or 16); the namespace gets this times the partitions.')
@allowed([
  1
  2
  4
  8
  16
])
param serviceBusMessagingUnitsPerPartition int = 1

@description('Premium only: Service Bus partitions (1, 2 or 4), fixed when the namespace is created.')
@allowed([
  1
  2
  4
])
param serviceBusPartitions int = 1

// ---- Application ----

@description('OIDC authority whose JWTs the API accepts. Empty: this subscription\'s Entra ID tenant (v2.0 endpoint).')
param authAuthority string = ''

@minLength(1)
@description('Audience (aud) the API requires in JWTs. Entra ID v2.0 access tokens carry the API app registration\'s client id here.')
param authAudience string

@description('Issuer (iss) the API requires in JWTs. Empty: the authority (as Entra ID v2.0 tokens carry it).')
param authIssuer string = ''

@description('Comma-separated JWT signature algorithms the API accepts (asymmetric only). Entra ID signs with RS256.')
param authAlgorithms string = 'RS256'

@description('How long a reservation holds its seats (TimeSpan, hh:mm:ss).')
param holdDuration string = '00:10:00'

@description('Most tickets one user may hold or book per event.')
@minValue(1)
param maxTicketsPerUser int = 8

@description('Most events one organizer may create per UTC day (admins are not limited).')
@minValue(1)
param maxEventsPerOrganizerPerDay int = 50

@description('Most seats one organizer may create per UTC day, summed over the day\'s events (admins are not limited).')
@minValue(1)
param maxSeatsPerOrganizerPerDay int = 500000

@secure()
@description('Optional: Stripe secret API key, stored in Key Vault. Leave empty and set it with az keyvault secret set.')
param stripeSecretKey string = ''

@secure()
@description('Optional: Stripe webhook signing secret, stored in Key Vault. Leave empty and set it with az keyvault secret set.')
param stripeWebhookSecret string = ''

@secure()
@description('Optional: base64 key of at least 32 random bytes that signs waiting room passes, stored in Key Vault. Leave empty to generate one at each deployment (a pass is re-signed whenever its holder polls, so a new key only makes holders poll once more).')
param waitingRoomPassSigningKey string = ''

@secure()
@description('Base64 key of at least 32 random bytes that signs ticket codes, stored in Key Vault. Set it once (azd env set TICKET_SIGNING_KEY) and keep it: a new key voids every ticket issued. Empty: the secret already in Key Vault is kept; with none there, the app refuses to start.')
param ticketSigningKey string = ''

@secure()
@description('Do not set: random material for the waiting room pass key when none is given.')
param generatedPassKeyMaterial string = base64('${newGuid()}${newGuid()}')

@description('Resource id of the action group the alerts notify (empty: alerts fire without notifying anyone).')
param alertActionGroupId string = ''

// ---- Names ----

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
var cosmosDatabaseName = 'ticketbooking'
var searchIndexName = 'events'
var waitingRoomQueueName = 'joins'
var stripeSecretKeySecretName = 'stripe-secret-key'
var waitingRoomPassKeySecretName = 'waiting-room-pass-key'
var stripeWebhookSecretSecretName = 'stripe-webhook-secret'
var ticketSigningKeySecretName = 'ticket-signing-key'
var effectiveAuthAuthority = !empty(authAuthority) ? authAuthority : '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module cosmos 'app/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    accountName: '${abbrs.documentDBDatabaseAccounts}${resourceToken}'
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    capacityMode: cosmosCapacityMode
    ticketsMaxThroughput: cosmosTicketsMaxThroughput
    sharedMaxThroughput: cosmosSharedMaxThroughput
  }
}

module search 'app/search.bicep' = {
  name: 'search'
  scope: rg
  params: {
    name: '${abbrs.searchSearchServices}${resourceToken}'
    location: location
    tags: tags
    sku: searchSku
    replicaCount: searchReplicaCount
    partitionCount: searchPartitionCount
  }
}

module serviceBus 'app/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    queueName: waitingRoomQueueName
    appPrincipalId: identity.outputs.principalId
    sku: serviceBusSku
    messagingUnitsPerPartition: serviceBusMessagingUnitsPerPartition
    partitions: serviceBusPartitions
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    stripeSecretKeySecretName: stripeSecretKeySecretName
    stripeWebhookSecretSecretName: stripeWebhookSecretSecretName
    stripeSecretKey: stripeSecretKey
    stripeWebhookSecret: stripeWebhookSecret
    waitingRoomPassKeySecretName: waitingRoomPassKeySecretName
    waitingRoomPassSigningKey: empty(waitingRoomPassSigningKey) ? generatedPassKeyMaterial : waitingRoomPassSigningKey
    ticketSigningKeySecretName: ticketSigningKeySecretName
    ticketSigningKey: ticketSigningKey
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    storageAccountName: storage.outputs.name
    cosmosAccountName: cosmos.outputs.accountName
    cosmosDatabaseName: cosmos.outputs.databaseName
    searchServiceName: search.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module workbook 'app/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    cosmosAccountName: cosmos.outputs.accountName
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    cosmosAccountName: cosmos.outputs.accountName
    actionGroupId: alertActionGroupId
  }
}

module web 'app/web.bicep' = {
  name: 'web'
  scope: rg
  params: {
    name: '${abbrs.webStaticSites}${resourceToken}'
    location: webLocation
    tags: tags
    sku: webSku
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
    alwaysReadyDurableInstances: alwaysReadyDurableInstances
    corsAllowedOrigins: union([web.outputs.origin], corsAllowedOrigins)
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    searchEndpoint: search.outputs.endpoint
    searchIndexName: searchIndexName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    waitingRoomQueueName: serviceBus.outputs.queueName
    keyVaultUri: keyVault.outputs.uri
    stripeSecretKeySecretName: stripeSecretKeySecretName
    stripeWebhookSecretSecretName: stripeWebhookSecretSecretName
    waitingRoomPassKeySecretName: waitingRoomPassKeySecretName
    ticketSigningKeySecretName: ticketSigningKeySecretName
    authAuthority: effectiveAuthAuthority
    authAudience: authAudience
    authIssuer: !empty(authIssuer) ? authIssuer : effectiveAuthAuthority
    authAlgorithms: authAlgorithms
    holdDuration: holdDuration
    maxTicketsPerUser: maxTicketsPerUser
    maxEventsPerOrganizerPerDay: maxEventsPerOrganizerPerDay
    maxSeatsPerOrganizerPerDay: maxSeatsPerOrganizerPerDay
  }
  // The host needs its storage, Key Vault and monitoring roles the moment it starts.
  dependsOn: [
    rbac
  ]
}

// ---- Outputs (azd stores them in .azure/<env>/.env) ----
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output SERVICE_API_NAME string = api.outputs.name
output API_BASE_URL string = api.outputs.apiBaseUrl
output SERVICE_WEB_NAME string = web.outputs.name
output WEB_URL string = web.outputs.origin
// Read by web/build.mjs when azd builds the web app: the API's origin (the app adds /api/...).
output API_BASE string = 'https://${api.outputs.defaultHostName}'
output AUTH_AUTHORITY string = effectiveAuthAuthority
output AUTH_AUDIENCE string = authAudience
output AZURE_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_NAME string = identity.outputs.name
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_DATABASE_NAME string = cosmos.outputs.databaseName
output AZURE_SEARCH_ENDPOINT string = search.outputs.endpoint
output AZURE_SEARCH_INDEX_NAME string = searchIndexName
output AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AZURE_SERVICEBUS_QUEUE_NAME string = serviceBus.outputs.queueName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
