// The Function App: Flex Consumption (FC1), Linux, .NET 10 isolated worker, running as the
// user-assigned identity. Its app settings below are THE list of settings the app gets in Azure;
// tests/TicketBooking.Tests/Infra/AppSettingsTests.cs checks it against the options the code reads
// and against local.settings.sample.json. Keys use `__` for the configuration `:` separator.

@description('Name of the Function App.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags { *: string }

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Name of the host / Durable task hub storage account.')
param storageAccountName string

@description('Blob endpoint of that storage account.')
param storageBlobEndpoint string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Upper bound of instances the app scales out to (40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Always-ready instances for the HTTP functions (no cold start for the API during an on-sale). 0 disables.')
@minValue(0)
param alwaysReadyHttpInstances int

@description('Always-ready instances for the Durable (orchestrator/activity) functions. 0 disables.')
@minValue(0)
param alwaysReadyDurableInstances int

@description('Most HTTP invocations one instance runs at once. Every open live stream is one for its whole life.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 1000

@description('Most live streams one instance holds open; the rest of httpPerInstanceConcurrency serves ordinary requests.')
@minValue(1)
param maxStreamsPerInstance int = 800

@description('Browser origins allowed to call the API (CORS). Empty: no browser origins.')
param corsAllowedOrigins string[]

param cosmosEndpoint string
param cosmosDatabaseName string
param searchEndpoint string
param searchIndexName string

@description('Service Bus namespace host (name.servicebus.windows.net) of the waiting room\'s join queue.')
param serviceBusNamespace string

@description('Name of the waiting room\'s join queue.')
param waitingRoomQueueName string

@description('Key Vault URI (ends with /).')
param keyVaultUri string

param stripeSecretKeySecretName string
param stripeWebhookSecretSecretName string

@description('Name of the Key Vault secret holding the waiting room pass signing key.')
param waitingRoomPassKeySecretName string

@description('Name of the Key Vault secret holding the ticket signing key.')
param ticketSigningKeySecretName string

@description('OIDC authority whose JWTs the API accepts.')
param authAuthority string

@description('Audience (aud) the API requires in JWTs.')
param authAudience string

@description('Issuer (iss) the API requires in JWTs.')
param authIssuer string

@description('Comma-separated JWT signature algorithms the API accepts (asymmetric only, such as RS256).')
param authAlgorithms string

@description('How long a reservation holds its seats (TimeSpan, hh:mm:ss).')
param holdDuration string

@description('Most tickets one user may hold or book per event.')
param maxTicketsPerUser int

@description('Most events one organizer may create per UTC day.')
param maxEventsPerOrganizerPerDay int

@description('Most seats one organizer may create per UTC day.')
param maxSeatsPerOrganizerPerDay int

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

// Key Vault references: versionless, so a rotated secret is picked up (within 24 hours, or at
// once on any app settings change / restart).
var stripeSecretKeyReference = '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${stripeSecretKeySecretName}/)'
var stripeWebhookSecretReference = '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${stripeWebhookSecretSecretName}/)'
var waitingRoomPassKeyReference = '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${waitingRoomPassKeySecretName}/)'
var ticketSigningKeyReference = '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${ticketSigningKeySecretName}/)'

var alwaysReady = filter(
  [
    { name: 'http', instanceCount: alwaysReadyHttpInstances }
    { name: 'durable', instanceCount: alwaysReadyDurableInstances }
  ],
  group => group.instanceCount > 0
)

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  // azd finds the service to deploy `api` (azure.yaml) by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
        // Long-lived streams each hold an invocation: far more per instance than the default of 16.
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      // No CORS block at all unless browser origins are given (an empty one still turns on the platform's CORS handling).
      cors: empty(corsAllowedOrigins) ? null : {
        allowedOrigins: corsAllowedOrigins
      }
      // The complete list of app settings. FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION
      // are not set: on Flex Consumption they come from functionAppConfig.runtime.
      appSettings: [
        // Functions host + Durable task hub storage, identity-based (no connection string).
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        // Telemetry, sent with the identity (local auth is off on the component).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // DefaultAzureCredential picks the user-assigned identity from this.
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        // Which implementation of each seam runs.
        { name: 'Data__Provider', value: 'Cosmos' }
        { name: 'Cosmos__AccountEndpoint', value: cosmosEndpoint }
        { name: 'Cosmos__DatabaseName', value: cosmosDatabaseName }
        { name: 'Cosmos__ConnectionMode', value: 'Direct' }
        { name: 'Cosmos__ManagedIdentityClientId', value: identityClientId }
        { name: 'Search__Provider', value: 'AzureAISearch' }
        { name: 'Search__Endpoint', value: searchEndpoint }
        { name: 'Search__IndexName', value: searchIndexName }
        { name: 'Search__ManagedIdentityClientId', value: identityClientId }
        { name: 'Payments__Provider', value: 'Stripe' }
        { name: 'Stripe__SecretKey', value: stripeSecretKeyReference }
        { name: 'Stripe__WebhookSecret', value: stripeWebhookSecretReference }
        { name: 'Auth__Authority', value: authAuthority }
        { name: 'Auth__Audience', value: authAudience }
        { name: 'Auth__Issuer', value: authIssuer }
        { name: 'Auth__Algorithms', value: authAlgorithms }
        { name: 'Booking__HoldDuration', value: holdDuration }
        { name: 'Booking__MaxTicketsPerUser', value: string(maxTicketsPerUser) }
        // How long seats stay held for a payment under way when the hold ends (docs/adr/0003-booking.md).
        { name: 'Booking__PaymentGrace', value: '00:03:00' }
        // Seats the availability board keeps in memory: up to about 500 bytes a seat, a quarter of the instance's memory.
        { name: 'Board__MaxSeats', value: string(instanceMemoryMB * 500) }
        // Counting every Cosmos request (ticketbooking.storage.* metrics): on to measure the cost per booking, off by default.
        { name: 'StorageRequests__Count', value: 'false' }
        { name: 'Catalog__MaxEventsPerOrganizerPerDay', value: string(maxEventsPerOrganizerPerDay) }
        { name: 'Catalog__MaxSeatsPerOrganizerPerDay', value: string(maxSeatsPerOrganizerPerDay) }
        // Tickets written per activity while a new event is created (docs/architecture.md, "Create an event").
        { name: 'Catalog__TicketBatchSize', value: '1000' }
        // Declined payments a reservation allows before it is cancelled (card testing; docs/booking.md).
        { name: 'Booking__MaxDeclinedAttempts', value: '5' }
        // Refunds (docs/booking.md, "After payment"): tries per booking with a doubling wait, a cancelled event's
        // bookings per activity and activities at once, and how long a refund request waits before answering 202.
        { name: 'Refunds__Attempts', value: '4' }
        { name: 'Refunds__RetryDelay', value: '00:00:02' }
        { name: 'Refunds__BatchSize', value: '50' }
        { name: 'Refunds__Parallelism', value: '4' }
        { name: 'Refunds__AnswerWithin', value: '00:00:10' }
        // Abuse limits (docs/adr/0007-rate-limits.md): per user per minute; per client address per second with a burst.
        { name: 'RateLimits__Reserve', value: '20' }
        { name: 'RateLimits__Confirm', value: '20' }
        { name: 'RateLimits__Cancel', value: '20' }
        { name: 'RateLimits__AnonymousReads', value: '50' }
        { name: 'RateLimits__AnonymousReadsBurst', value: '200' }
        { name: 'RateLimits__MaxPartitions', value: '20000' }
        { name: 'RateLimits__QueueJoinSketchWidth', value: '524288' }
        // Live streams (docs/adr/0010-live-streams.md): a heartbeat well inside the front end's ~230 s idle limit, each
        // stream ended after a few minutes, and caps that leave room in the per-instance HTTP concurrency for other requests.
        { name: 'Streams__HeartbeatInterval', value: '00:00:15' }
        { name: 'Streams__MaxDuration', value: '00:03:00' }
        { name: 'Streams__ReconnectDelay', value: '00:00:02' }
        { name: 'Streams__WriteTimeout', value: '00:00:10' }
        { name: 'Streams__ListenerBuffer', value: '64' }
        { name: 'Streams__MinPoolThreads', value: '16' }
        { name: 'Streams__MaxListenersPerInstance', value: string(maxStreamsPerInstance) }
        { name: 'Streams__MaxListenersPerKey', value: string(maxStreamsPerInstance) }
        { name: 'Streams__BusyRetryAfter', value: '00:00:05' }
        { name: 'Live__CoalesceWindow', value: '00:00:00.150' }
        { name: 'Live__ChangeLogBytes', value: '262144' }
        { name: 'Live__Linger', value: '00:01:00' }
        // Requests reach the worker through the Functions front end: the client is the first X-Forwarded-For address.
        { name: 'RateLimits__BehindTrustedProxy', value: 'true' }
        // The waiting room's join queue (infra/app/servicebus.bicep), reached with the app's identity.
        { name: 'WaitingRoom__Queue__Provider', value: 'ServiceBus' }
        { name: 'WaitingRoom__Queue__FullyQualifiedNamespace', value: serviceBusNamespace }
        { name: 'WaitingRoom__Queue__QueueName', value: waitingRoomQueueName }
        { name: 'WaitingRoom__Queue__ManagedIdentityClientId', value: identityClientId }
        // The waiting room (docs/adr/0009-waiting-room.md): passes signed with a Key Vault key; the timer's drain passes.
        { name: 'WaitingRoom__PassSigningKey', value: waitingRoomPassKeyReference }
        { name: 'WaitingRoom__DrainBatchSize', value: '200' }
        { name: 'WaitingRoom__DrainSeconds', value: '4' }
        { name: 'WaitingRoom__RankingChunkSize', value: '1000' }
        { name: 'WaitingRoom__RankingDelaySeconds', value: '3' }
        { name: 'RateLimits__QueueJoin', value: '10' }
        { name: 'RateLimits__CheckIn', value: '600' }
        { name: 'Tickets__SigningKey', value: ticketSigningKeyReference }
      ]
    }
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output apiBaseUrl string = 'https://${functionApp.properties.defaultHostName}/api'
