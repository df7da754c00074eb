using System.Collections.Concurrent;
using TicketBooking.Catalog;
using TicketBooking.Inventory;

namespace TicketBooking.Search;

/// <summary>
/// What changed and is not yet in the index. Locally the catalog reports created and changed events (drained by
/// <see cref="SearchSync"/>); ticket writes arrive as an <see cref="ITicketChangeObserver"/> from the inventory and the
/// tickets change feed (drained by <see cref="SearchSync"/> locally, by <see cref="SearchChangeFeed"/> in Azure). Reporting
/// only marks work here and returns at once. No dependencies, so anything may report to it.
/// </summary>
public sealed class SearchChangeQueue : IEventChangeObserver, ITicketChangeObserver, IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    internal ConcurrentDictionary<string, EventRecord> Events { get; } = new(StringComparer.Ordinal);

    internal ConcurrentDictionary<string, bool> Availability { get; } = new(StringComparer.Ordinal);

    public void OnEventChanged(EventRecord record)
    {
        Events.AddOrUpdate(record.Id, record, (_, known) => record.Version >= known.Version ? record : known);
        Signal();
    }

    public void OnTicketsChanged(string eventId, IReadOnlyList<Ticket> tickets)
    {
        // Tickets of a new event are counted when the event itself is indexed.
        if (tickets.Any(t => t.Version > 1))
        {
            Availability[eventId] = true;
            Signal();
        }
    }

    /// <summary>Takes the events whose availability changed (each once).</summary>
    public List<string> TakeAvailabilityChanges()
    {
        var taken = new List<string>();
        foreach (var eventId in Availability.Keys)
        {
            if (Availability.TryRemove(eventId, out _))
            {
                taken.Add(eventId);
            }
        }

        return taken;
    }

    /// <summary>Marks events whose availability still has to be pushed (after a push failed).</summary>
    internal void MarkAvailabilityChanged(IEnumerable<string> eventIds)
    {
        foreach (var eventId in eventIds)
        {
            Availability[eventId] = true;
        }

        Signal();
    }

    /// <summary>Waits until something is marked or <paramref name="timeout"/> passes.</summary>
    internal Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();

    private void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // Already signalled, or shutting down.
        }
    }
}
