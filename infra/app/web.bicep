// The web app (web/): Azure Static Web Apps serving the built files (index.html, hashed assets) from its global
// edge, with the app's routes falling back to index.html (web/public/staticwebapp.config.json). It calls the
// Functions app's API cross-origin; the Functions app allows this site's origin (CORS, main.bicep).
// azd deploys web/dist to the resource tagged azd-service-name=web.

@description('Name of the static web app.')
param name string

@description('Static Web Apps regions are fewer than the others: the site is served from the global edge whatever this is.')
param location string

param tags { *: string }

@description('Free for trials; Standard for production (SLA, custom domains with more certificates, private endpoints).')
@allowed([
  'Free'
  'Standard'
])
param sku string

resource web 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    // Deployed by azd (or the SWA CLI) from web/dist, not built from a linked repository.
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Enabled'
    enterpriseGradeCdnStatus: 'Disabled'
  }
}

output name string = web.name
output defaultHostName string = web.properties.defaultHostname
output origin string = 'https://${web.properties.defaultHostname}'
