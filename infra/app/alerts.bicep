// Alerts for an on-sale: the API's 5xx rate, Cosmos DB throttling (429s) and a reservation orchestration backlog
// (hold expiries running late). Each notifies the action group when one is given.

@description('Azure region (of Application Insights, for the log alerts).')
param location string

@description('Tags for the resources.')
param tags { *: string }

@description('Name of the Application Insights component the log alerts query.')
param applicationInsightsName string

@description('Name of the Cosmos DB account watched for throttling.')
param cosmosAccountName string

@description('Resource id of the action group to notify (empty: the alerts fire without notifying anyone).')
param actionGroupId string = ''

@description('Percentage of 5xx answers over 5 minutes that raises the alert (with at least 50 requests).')
param serverErrorPercent int = 2

@description('Throttled (429) Cosmos DB requests in 5 minutes that raise the alert.')
param cosmosThrottledRequests int = 500

@description('Seconds an expiry may run after its hold ended before the orchestration engine counts as backlogged.')
param expiryLagSeconds int = 60

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource cosmosAccount 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
  name: cosmosAccountName
}

var actionGroups = empty(actionGroupId) ? [] : [actionGroupId]

resource serverErrors 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'ticketbooking-5xx-rate-${applicationInsightsName}'
  location: location
  tags: tags
  properties: {
    displayName: 'TicketBooking: 5xx rate'
    description: 'More than ${serverErrorPercent}% of API answers were 5xx over 5 minutes.'
    severity: 1
    enabled: true
    scopes: [applicationInsights.id]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'requests | summarize total = count(), failed = countif(toint(resultCode) >= 500) | where total >= 50 | extend percent = 100.0 * failed / total'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'percent'
          operator: 'GreaterThan'
          threshold: serverErrorPercent
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: actionGroups
    }
  }
}

resource cosmosThrottling 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'ticketbooking-cosmos-throttling-${cosmosAccountName}'
  location: 'global'
  tags: tags
  properties: {
    description: 'Cosmos DB answered more than ${cosmosThrottledRequests} requests with 429 (request units exhausted) in 5 minutes.'
    severity: 2
    enabled: true
    scopes: [cosmosAccount.id]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'throttled'
          metricNamespace: 'Microsoft.DocumentDB/databaseAccounts'
          metricName: 'TotalRequests'
          dimensions: [
            {
              name: 'StatusCode'
              operator: 'Include'
              values: ['429']
            }
          ]
          operator: 'GreaterThan'
          threshold: cosmosThrottledRequests
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [for id in actionGroups: { actionGroupId: id }]
  }
}

resource orchestrationBacklog 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: 'ticketbooking-orchestration-backlog-${applicationInsightsName}'
  location: location
  tags: tags
  properties: {
    displayName: 'TicketBooking: reservation orchestration backlog'
    description: 'Hold expiries ran more than ${expiryLagSeconds} s late: the reservation orchestrations are falling behind.'
    severity: 2
    enabled: true
    scopes: [applicationInsights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT10M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "ticketbooking.reservation.expiry.lag" | summarize lag = max(valueMax)'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'lag'
          operator: 'GreaterThan'
          threshold: expiryLagSeconds
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: actionGroups
    }
  }
}
