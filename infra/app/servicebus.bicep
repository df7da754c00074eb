// Service Bus namespace and the waiting room's join queue, which absorbs on-sale surges: a join is one send, a
// timer-triggered drain receives them in batches (ServiceBusReceiver, peek-lock) and completes them after its write.
// SAS keys are off (disableLocalAuth): the app sends and receives with its managed identity, which holds Azure Service
// Bus Data Sender and Data Receiver on this queue only.
// Tier: Standard by default; Premium (messaging units, partitions) for large on-sales (docs/deploy.md, "Service Bus").

@description('Name of the Service Bus namespace.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags { *: string }

@description('Name of the waiting room\'s join queue.')
param queueName string

@description('Principal id of the app\'s user-assigned managed identity (sends and receives joins).')
param appPrincipalId string

@description('Standard (throttled at about 1,000 operations a second per namespace) or Premium (dedicated messaging units).')
@allowed([
  'Standard'
  'Premium'
])
param sku string = 'Standard'

@description('Premium only: messaging units per partition (1, 2, 4, 8 or 16); the namespace gets this times the partitions.')
@allowed([
  1
  2
  4
  8
  16
])
param messagingUnitsPerPartition int = 1

@description('Premium only: partitions (1, 2 or 4), fixed at creation.')
@allowed([
  1
  2
  4
])
param partitions int = 1

var isPremium = sku == 'Premium'

// Built-in role definition ids (identical in every subscription).
var roles = {
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
    capacity: isPremium ? messagingUnitsPerPartition * partitions : null
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    premiumMessagingPartitions: isPremium ? partitions : null
  }
}

// No sessions: the drain orders joins itself. Duplicate detection (set at creation; it cannot be switched on later)
// makes a re-sent join, whose MessageId comes from the event and the user, a no-op for 10 minutes: longer than any
// client retry, short enough to keep the detection history small. The lock outlasts one drain batch (receive, one
// Cosmos write per event, complete) many times over; a drain that crashes mid-batch gets its joins back after it.
// A join that fails 10 deliveries is dead-lettered rather than retried forever.
resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' = {
  parent: namespace
  name: queueName
  properties: {
    requiresSession: false
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT10M'
    lockDuration: 'PT1M'
    maxDeliveryCount: 10
    defaultMessageTimeToLive: 'P1D'
    deadLetteringOnMessageExpiration: true
    maxSizeInMegabytes: 5120
    enablePartitioning: isPremium && partitions > 1
    enableBatchedOperations: true
  }
}

resource queueRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [roles.serviceBusDataSender, roles.serviceBusDataReceiver]: {
    name: guid(queue.id, appPrincipalId, roleId)
    scope: queue
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

output name string = namespace.name
// serviceBusEndpoint is https://<name>.servicebus.windows.net:443/ ; the SDK wants the bare host.
output fullyQualifiedNamespace string = replace(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
output queueName string = queue.name
