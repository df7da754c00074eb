// The operator's view of an on-sale: an Azure Monitor workbook over Application Insights (requests, the app's
// OpenTelemetry metrics) and the Cosmos DB account's platform metrics. The workbook itself is workbook.json
// (docs/operations.md describes each chart).

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags { *: string }

@description('Name of the Application Insights component the queries read.')
param applicationInsightsName string

@description('Name of the Cosmos DB account whose request units and throttles are charted.')
param cosmosAccountName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource cosmosAccount 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: cosmosAccountName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, applicationInsightsName, 'ticketbooking-onsale')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'TicketBooking: on-sale'
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: replace(loadTextContent('workbook.json'), '__COSMOS_ACCOUNT_ID__', cosmosAccount.id)
  }
}

output workbookId string = workbook.id
