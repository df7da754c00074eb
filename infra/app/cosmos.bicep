// Cosmos DB for NoSQL: one account, database `ticketbooking`, and every container the code uses.
// Local (key) auth is off and so is key-based metadata writing: the app reaches data with its
// managed identity (Cosmos DB Built-in Data Contributor, rbac.bicep) and cannot create or change
// containers, so everything the code relies on (partition keys, indexing, TTL) is declared here.

@description('Name of the Cosmos DB account.')
param accountName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags { *: string }

@description('Name of the SQL database.')
param databaseName string

@description('Serverless (pay per RU, for dev/test and small loads) or Autoscale (provisioned RU/s that scale 10x between a floor and maxThroughput, for production).')
@allowed([
  'Serverless'
  'Autoscale'
])
param capacityMode string

@description('Autoscale only: maximum RU/s of the dedicated throughput of the `tickets` container (the hot, write-heavy one).')
@minValue(1000)
param ticketsMaxThroughput int

@description('Autoscale only: maximum RU/s shared by the other containers at database level.')
@minValue(1000)
param sharedMaxThroughput int

var serverless = capacityMode == 'Serverless'

// Throughput settings: none in serverless mode; autoscale otherwise.
var sharedThroughputOptions = serverless ? {} : { autoscaleSettings: { maxThroughput: sharedMaxThroughput } }
var ticketsThroughputOptions = serverless ? {} : { autoscaleSettings: { maxThroughput: ticketsMaxThroughput } }

// Default policy for containers that are queried on arbitrary fields (small documents, few writes).
var indexEverything = {
  indexingMode: 'consistent'
  automatic: true
  includedPaths: [
    { path: '/*' }
  ]
  excludedPaths: [
    { path: '/"_etag"/?' }
  ]
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    // Session: a client reads its own writes; the no-double-booking guarantee comes from the
    // conditional (If-Match ETag) writes, which are checked at the partition's write replica
    // whatever the read consistency (docs/adr/0005-infrastructure.md).
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: serverless ? [ { name: 'EnableServerless' } ] : []
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    enableAutomaticFailover: false
    enableMultipleWriteLocations: false
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: sharedThroughputOptions
  }
}

// Events (catalog, seating layout, per-event availability snapshot). Point reads by id.
resource events 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'events'
  properties: {
    resource: {
      id: 'events'
      partitionKey: {
        paths: [ '/id' ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexEverything
    }
  }
}

// One document per ticket, partitioned by event. The hot container: every hold, release and
// booking is a conditional write here. Only the fields the code filters on are indexed, so each
// write costs as few RUs as possible.
resource tickets 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'tickets'
  properties: {
    resource: {
      id: 'tickets'
      partitionKey: {
        paths: [ '/eventId' ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/eventId/?' }
          { path: '/section/?' }
          { path: '/status/?' }
          { path: '/reservationId/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
    options: ticketsThroughputOptions
  }
}

// Reservations, partitioned by owner: a user's reservation, list ("my bookings", newest first) and
// per-event ticket limit are point reads or single-partition queries (docs/adr/0003-booking.md).
// TTL is on with no default (-1): nothing expires unless the item sets `ttl`
// (an expired or cancelled reservation does, after 90 days; a confirmed one does not).
resource reservations 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'reservations'
  properties: {
    resource: {
      id: 'reservations'
      partitionKey: {
        paths: [ '/userId' ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexEverything
      defaultTtl: -1
    }
  }
}

// Confirmed bookings, kept for good; "my bookings" is a single-partition query.
resource bookings 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'bookings'
  properties: {
    resource: {
      id: 'bookings'
      partitionKey: {
        paths: [ '/userId' ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexEverything
    }
  }
}

// The waiting room: entries (partition `{eventId}|{bucket}`, 32 buckets per event so a surge of
// joins spreads over many logical partitions), each event's progress (partition `progress`, one
// write per drained batch) and the chunks of an on-sale ranking (`{eventId}|ranking`). Only the
// fields the drain queries on are indexed.
resource waitingRoom 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'waitingroom'
  properties: {
    resource: {
      id: 'waitingroom'
      partitionKey: {
        paths: [ '/partition' ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/partition/?' }
          { path: '/kind/?' }
          { path: '/status/?' }
          { path: '/phase/?' }
          { path: '/listOpen/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// Check-ins at the door, partitioned by event: one document per admitted seat (id = the seat's
// ticket id, created once: a second scan's create gets 409) and the event's door staff (id
// `staff`). Every read is a point read, so nothing but the partition key is indexed.
resource checkIns 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'checkins'
  properties: {
    resource: {
      id: 'checkins'
      partitionKey: {
        paths: [ '/eventId' ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/eventId/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// Bookings by event (bookings are partitioned by owner), so a cancelled event's bookings are one
// single-partition query; also each cancelled event's refund progress. Only what the listing needs is
// indexed (the id, which it orders by, always is).
resource eventBookings 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'eventbookings'
  properties: {
    resource: {
      id: 'eventbookings'
      partitionKey: {
        paths: [ '/eventId' ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/eventId/?' }
          { path: '/kind/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// Change feed continuations (leases) for the code's change feed readers.
resource leases 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'leases'
  properties: {
    resource: {
      id: 'leases'
      partitionKey: {
        paths: [ '/id' ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexEverything
    }
  }
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerNames string[] = [
  events.name
  tickets.name
  reservations.name
  bookings.name
  waitingRoom.name
  checkIns.name
  eventBookings.name
  leases.name
]
