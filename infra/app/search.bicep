// Azure AI Search. API keys are off (disableLocalAuth): the app uses its managed identity
// (Search Index Data Contributor to read/write documents, Search Service Contributor to create or
// update the `events` index definition at start; rbac.bicep). Indexes are data-plane objects, so
// the index itself is created by the app, not here.

@description('Name of the search service.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags { *: string }

@description('Pricing tier. basic: up to 3 replicas and 15 GB; standard (S1) for production.')
@allowed([
  'basic'
  'standard'
  'standard2'
  'standard3'
  'storage_optimized_l1'
  'storage_optimized_l2'
])
param sku string

@description('Replicas serve queries in parallel; 2 are needed for the 99.9% read SLA, 3 for read-write.')
@minValue(1)
@maxValue(12)
param replicaCount int

@description('Partitions split the index storage and indexing load.')
@allowed([
  1
  2
  3
  4
  6
  12
])
param partitionCount int

resource search 'Microsoft.Search/searchServices@2023-11-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    replicaCount: replicaCount
    partitionCount: partitionCount
    hostingMode: 'default'
    publicNetworkAccess: 'enabled'
    disableLocalAuth: true
  }
}

output name string = search.name
output endpoint string = 'https://${search.name}.search.windows.net'
