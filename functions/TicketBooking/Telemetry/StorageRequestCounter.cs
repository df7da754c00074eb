using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Azure.Cosmos;

namespace TicketBooking.Telemetry;

/// <summary>
/// Counts the process's storage requests when <see cref="StorageRequestOptions.Count"/> is on: the one place that hooks
/// the counting into the storage clients (a Cosmos <see cref="RequestHandler"/> in <see cref="CosmosClientOptions.CustomHandlers"/>,
/// an Azure.Core <see cref="HttpPipelinePolicy"/> in the Storage clients' options). When off, nothing is added to any client.
/// </summary>
public sealed class StorageRequestCounter(IOptions<StorageRequestOptions> options)
{
    private readonly ConcurrentDictionary<(StorageService, string), long> _counts = new();
    private readonly Lock _chargeLock = new();
    private double _cosmosCharge;

    public bool Enabled => options.Value.Count;

    /// <summary>Adds the counting handler to a Cosmos client's options (when counting is on).</summary>
    public void AttachTo(CosmosClientOptions clientOptions)
    {
        if (Enabled)
        {
            clientOptions.CustomHandlers.Add(new CosmosRequestCounting(this));
        }
    }

    /// <summary>Adds the counting policy to an Azure Storage client's options (when counting is on); <paramref name="kind"/>: blob, queue or table.</summary>
    public void AttachTo(ClientOptions clientOptions, string kind)
    {
        if (Enabled)
        {
            clientOptions.AddPolicy(new StorageRequestCountingPolicy(this, kind), HttpPipelinePosition.PerRetry);
        }
    }

    public void Record(StorageService service, string operation, double requestCharge = 0)
    {
        _counts.AddOrUpdate((service, operation), 1, (_, n) => n + 1);
        if (requestCharge > 0)
        {
            lock (_chargeLock)
            {
                _cosmosCharge += requestCharge;
            }
        }

        TicketBookingMetrics.RecordStorageRequest(service, operation, requestCharge);
    }

    public StorageRequestTotals Snapshot()
    {
        lock (_chargeLock)
        {
            return new StorageRequestTotals(_counts.ToDictionary(c => c.Key, c => c.Value), _cosmosCharge);
        }
    }
}
