using System.Collections.Concurrent;

namespace TicketBooking.Storage;

/// <summary>
/// The embedded stores' one storage mechanism: documents by partition key and id, each stored version with its own
/// ETag, with Cosmos DB's semantics: create only if absent (409), replace only if the ETag still matches (412),
/// read a missing document as null (404), list one partition. One lock per partition, as Cosmos serialises a
/// logical partition's writes; different partitions never contend.
/// </summary>
public sealed class InMemoryPartitionedMap<T> where T : class
{
    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private long _etagSequence;

    private sealed class Partition
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<string, Versioned<T>> Items = new(StringComparer.Ordinal);
    }

    /// <summary>The stored version, or null when there is none.</summary>
    public Versioned<T>? Get(string partitionKey, string id)
    {
        if (!_partitions.TryGetValue(partitionKey, out var partition))
        {
            return null;
        }

        lock (partition.Gate)
        {
            return partition.Items.TryGetValue(id, out var stored) ? stored : null;
        }
    }

    /// <summary>The stored versions of those of <paramref name="ids"/> that exist, read under one lock.</summary>
    public IReadOnlyDictionary<string, Versioned<T>> GetMany(string partitionKey, IEnumerable<string> ids)
    {
        var found = new Dictionary<string, Versioned<T>>(StringComparer.Ordinal);
        if (!_partitions.TryGetValue(partitionKey, out var partition))
        {
            return found;
        }

        lock (partition.Gate)
        {
            foreach (var id in ids)
            {
                if (partition.Items.TryGetValue(id, out var stored))
                {
                    found[id] = stored;
                }
            }
        }

        return found;
    }

    /// <summary>Stores <paramref name="value"/> unless a document with that id exists; false (and no change) when one does.</summary>
    public bool TryCreate(string partitionKey, string id, T value) => Create(partitionKey, id, value) is not null;

    /// <summary>Stores <paramref name="value"/> unless a document with that id exists: its ETag, or null (and no change) when one does.</summary>
    public string? Create(string partitionKey, string id, T value)
    {
        var partition = _partitions.GetOrAdd(partitionKey, _ => new Partition());
        lock (partition.Gate)
        {
            var stored = new Versioned<T>(value, NewETag());
            return partition.Items.TryAdd(id, stored) ? stored.ETag : null;
        }
    }

    /// <summary>Stores each value whose id is not taken yet, under one lock; the ones already there stay as they are.</summary>
    public int CreateMany(string partitionKey, IEnumerable<(string Id, T Value)> values)
    {
        var partition = _partitions.GetOrAdd(partitionKey, _ => new Partition());
        var created = 0;
        lock (partition.Gate)
        {
            foreach (var (id, value) in values)
            {
                if (partition.Items.TryAdd(id, new Versioned<T>(value, NewETag())))
                {
                    created++;
                }
            }
        }

        return created;
    }

    /// <summary>Replaces the document if its stored ETag is still <paramref name="ifMatch"/>: the new ETag, or null when it changed or is gone.</summary>
    public string? TryReplace(string partitionKey, string id, T value, string ifMatch)
    {
        if (!_partitions.TryGetValue(partitionKey, out var partition))
        {
            return null;
        }

        lock (partition.Gate)
        {
            if (!partition.Items.TryGetValue(id, out var current) || current.ETag != ifMatch)
            {
                return null;
            }

            var etag = NewETag();
            partition.Items[id] = new Versioned<T>(value, etag);
            return etag;
        }
    }

    /// <summary>Stores the document whether or not one with its id exists (a new ETag either way).</summary>
    public string Upsert(string partitionKey, string id, T value)
    {
        var partition = _partitions.GetOrAdd(partitionKey, _ => new Partition());
        lock (partition.Gate)
        {
            var etag = NewETag();
            partition.Items[id] = new Versioned<T>(value, etag);
            return etag;
        }
    }

    /// <summary>The documents of one partition that pass <paramref name="filter"/> (all when it is null), copied out under the lock.</summary>
    public IReadOnlyList<T> List(string partitionKey, Func<T, bool>? filter = null)
    {
        if (!_partitions.TryGetValue(partitionKey, out var partition))
        {
            return [];
        }

        lock (partition.Gate)
        {
            return partition.Items.Values.Select(s => s.Value).Where(v => filter is null || filter(v)).ToArray();
        }
    }

    /// <summary>The documents of every partition that pass <paramref name="filter"/> (a cross-partition query).</summary>
    public IReadOnlyList<T> ListAll(Func<T, bool>? filter = null)
    {
        var found = new List<T>();
        foreach (var partition in _partitions.Values)
        {
            lock (partition.Gate)
            {
                found.AddRange(partition.Items.Values.Select(s => s.Value).Where(v => filter is null || filter(v)));
            }
        }

        return found;
    }

    private string NewETag() => $"\"{Interlocked.Increment(ref _etagSequence):x}\"";
}
