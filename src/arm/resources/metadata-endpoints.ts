/**
 * `GET /metadata/endpoints`: the AzureCloud endpoint metadata (no authentication). api-version 2019-05-01 and
 * later answer an array of clouds; older versions the single legacy object.
 */
import type { Operation } from '../../http/operation.js';
import { apiVersionOf } from '../api-versions.js';

const LEGACY = {
  galleryEndpoint: 'https://gallery.azure.com/',
  graphEndpoint: 'https://graph.windows.net/',
  portalEndpoint: 'https://portal.azure.com/',
  graphAudience: 'https://graph.windows.net/',
  authentication: {
    loginEndpoint: 'https://login.microsoftonline.com/',
    audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
  },
};

const AZURE_CLOUD = {
  portal: 'https://portal.azure.com',
  authentication: {
    loginEndpoint: 'https://login.microsoftonline.com',
    audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    tenant: 'common',
    identityProvider: 'AAD',
  },
  media: 'https://rest.media.azure.net',
  graphAudience: 'https://graph.windows.net/',
  graph: 'https://graph.windows.net/',
  name: 'AzureCloud',
  suffixes: {
    azureDataLakeStoreFileSystem: 'azuredatalakestore.net',
    acrLoginServer: 'azurecr.io',
    sqlServerHostname: 'database.windows.net',
    azureDataLakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
    keyVaultDns: 'vault.azure.net',
    storage: 'core.windows.net',
    azureFrontDoorEndpointSuffix: 'azurefd.net',
    storageSyncEndpointSuffix: 'afs.azure.net',
    mhsmDns: 'managedhsm.azure.net',
    mysqlServerEndpoint: 'mysql.database.azure.com',
    postgresqlServerEndpoint: 'postgres.database.azure.com',
    mariadbServerEndpoint: 'mariadb.database.azure.com',
    synapseAnalytics: 'dev.azuresynapse.net',
    attestationEndpoint: 'attest.azure.net',
  },
  batch: 'https://batch.core.windows.net/',
  resourceManager: 'https://management.azure.com/',
  vmImageAliasDoc: 'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/main/arm-compute/quickstart-templates/aliases.json',
  activeDirectoryDataLake: 'https://datalake.azure.net/',
  sqlManagement: 'https://management.core.windows.net:8443/',
  microsoftGraphResourceId: 'https://graph.microsoft.com/',
  appInsightsResourceId: 'https://api.applicationinsights.io',
  appInsightsTelemetryChannelResourceId: 'https://dc.applicationinsights.azure.com/v2/track',
  attestationResourceId: 'https://attest.azure.net',
  synapseAnalyticsResourceId: 'https://dev.azuresynapse.net',
  logAnalyticsResourceId: 'https://api.loganalytics.io',
  ossrDbmsResourceId: 'https://ossrdbms-aad.database.windows.net',
};

export function metadataOperations(): Operation[] {
  return [
    {
      id: 'Metadata_Endpoints',
      method: 'GET',
      path: '/metadata/endpoints',
      auth: 'none',
      handler: (rc) => {
        const v = apiVersionOf(rc.query) ?? '';
        return { status: 200, body: v >= '2019-05-01' ? [AZURE_CLOUD] : LEGACY };
      },
    },
  ];
}
