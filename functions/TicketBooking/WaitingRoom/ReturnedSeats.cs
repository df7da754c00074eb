using System.Collections.Concurrent;
using TicketBooking.Inventory;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Which events have an open waiting list on this instance, and which of them just had a seat come back: every ticket
/// write the instance learns of (its own, and other instances' through the tickets change feed) that leaves a seat of
/// such an event available wakes <see cref="WaitingListWatcher"/> for it. It only notes the change and returns (it is
/// called on the writer's path), and depends on nothing, so the inventory can tell it.
/// </summary>
public sealed class ReturnedSeats : ITicketChangeObserver, IDisposable
{
    private readonly ConcurrentDictionary<string, byte> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _woken = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private int _signalled;

    /// <summary>The events whose lists this instance knows to be open.</summary>
    public IReadOnlyCollection<string> OpenLists => _open.Keys.ToArray();

    public bool IsOpen(string eventId) => _open.ContainsKey(eventId);

    public void Opened(string eventId) => _open.TryAdd(eventId, 0);

    public void Closed(string eventId) => _open.TryRemove(eventId, out _);

    public void OnTicketsChanged(string eventId, IReadOnlyList<Ticket> tickets)
    {
        if (!_open.ContainsKey(eventId) || !tickets.Any(t => t.Status == TicketStatus.Available))
        {
            return;
        }

        _woken.TryAdd(eventId, 0);
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Waits until a seat comes back or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _signal.WaitAsync(timeout, cancellationToken);
        Volatile.Write(ref _signalled, 0);
    }

    /// <summary>The events woken since the last call.</summary>
    public IReadOnlyList<string> TakeWoken()
    {
        var woken = new List<string>();
        foreach (var eventId in _woken.Keys)
        {
            if (_woken.TryRemove(eventId, out _))
            {
                woken.Add(eventId);
            }
        }

        return woken;
    }

    public void Dispose() => _signal.Dispose();
}
