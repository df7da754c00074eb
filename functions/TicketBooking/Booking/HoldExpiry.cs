using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace TicketBooking.Booking;

/// <summary>
/// Expires the holds that simply lapse, without an orchestration (docs/adr/0012-storage-requests-per-booking.md). Each
/// instance keeps the holds it made in memory, ordered by their end, and runs the expiry step
/// (<see cref="CancelOrExpire.ExpireHoldAsync"/>) once at each hold's end: the reservation read, held -> expired, the
/// seats released. Holds no instance keeps (made by an instance that stopped or crashed) come from the store: all open
/// ones when the instance starts, and every <see cref="ScanInterval"/> those that lapsed more than <see cref="ScanLag"/>
/// ago. Nothing waits on it: from its end a hold reads as expired and its seats can be claimed (lazy expiry). A
/// reservation a payment started on belongs to its orchestration (<see cref="ReservationOrchestrator"/>) and is left alone.
/// </summary>
public sealed class HoldExpiry(CancelOrExpire expiry, IReservationStore store, TimeProvider time, ILogger<HoldExpiry> logger) : BackgroundService
{
    public const string SpanName = "expire_hold";

    /// <summary>Most holds kept in memory (about 150 bytes each); beyond that new holds are left to the scan.</summary>
    public const int MaxTracked = 250_000;

    /// <summary>How long after a hold's end its expiry runs (timers may wake a little early).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the store is asked for lapsed holds no instance expired.</summary>
    public static readonly TimeSpan ScanInterval = TimeSpan.FromMinutes(5);

    /// <summary>How long ago a hold must have lapsed for the scan to take it (until then it is its instance's).</summary>
    public static readonly TimeSpan ScanLag = TimeSpan.FromMinutes(1);

    /// <summary>Expiries run at the same time when many holds end together.</summary>
    private const int Parallelism = 8;

    private const int ScanPageSize = 1000;
    private const int MaxTries = 5;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private sealed record Entry(string UserId, string ReservationId, string EventId, DateTimeOffset Due, ActivityContext Parent, int Tries = 0);

    private readonly Lock _gate = new();
    private readonly PriorityQueue<string, DateTimeOffset> _queue = new();
    private readonly Dictionary<string, Entry> _tracked = new(StringComparer.Ordinal);
    private CancellationTokenSource? _sleep;
    private DateTimeOffset _sleepingUntil = DateTimeOffset.MaxValue;
    private bool _full;

    /// <summary>Holds kept in memory now.</summary>
    public int Tracked
    {
        get
        {
            lock (_gate)
            {
                return _tracked.Count;
            }
        }
    }

    /// <summary>Keeps a new hold until its end (a held reservation no payment started on; anything else is ignored).</summary>
    public void Track(Reservation r)
    {
        if (r.Status == ReservationStatus.Held && r.Payment.Attempt == 0)
        {
            Schedule(new Entry(r.UserId, r.Id, r.EventId, r.ExpiresAt + Margin, Activity.Current?.Context ?? default), replace: false);
        }
    }

    /// <summary>Drops a hold that ended otherwise or that a payment started on (its orchestration owns it now).</summary>
    public void Forget(string reservationId)
    {
        lock (_gate)
        {
            _tracked.Remove(reservationId);
        }
    }

    private void Schedule(Entry entry, bool replace)
    {
        lock (_gate)
        {
            if (!replace && _tracked.ContainsKey(entry.ReservationId))
            {
                return;
            }

            if (!replace && _tracked.Count >= MaxTracked)
            {
                if (!_full)
                {
                    _full = true;
                    logger.LogWarning("{Tracked} holds are waiting for their end; further ones are expired by the scan of the store", _tracked.Count);
                }

                return;
            }

            _full = false;
            _tracked[entry.ReservationId] = entry;
            _queue.Enqueue(entry.ReservationId, entry.Due);
            if (entry.Due < _sleepingUntil)
            {
                _sleep?.Cancel();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // At start: every open hold in the store (an instance that stopped leaves its holds to the others).
        var recovered = false;
        var nextScan = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (now >= nextScan)
            {
                recovered = await ScanAsync(recovered ? now - ScanLag : DateTimeOffset.MaxValue, stoppingToken) || recovered;
                nextScan = now + (recovered ? ScanInterval : RetryDelay);
            }

            var due = TakeDue(now);
            if (due.Count > 0)
            {
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken }, RunAsync);
                continue;
            }

            await SleepAsync(nextScan, stoppingToken);
        }
    }

    private List<Entry> TakeDue(DateTimeOffset now)
    {
        var due = new List<Entry>();
        lock (_gate)
        {
            while (_queue.TryPeek(out var id, out var at) && at <= now)
            {
                _queue.Dequeue();
                if (_tracked.TryGetValue(id, out var entry) && entry.Due == at)
                {
                    _tracked.Remove(id);
                    due.Add(entry);
                }
            }
        }

        return due;
    }

    private async Task SleepAsync(DateTimeOffset nextScan, CancellationToken stoppingToken)
    {
        CancellationTokenSource sleep;
        DateTimeOffset until;
        lock (_gate)
        {
            // Forgotten holds stay in the queue until their time; skip them so they do not wake the loop.
            while (_queue.TryPeek(out var id, out var at) && (!_tracked.TryGetValue(id, out var entry) || entry.Due != at))
            {
                _queue.Dequeue();
            }

            until = _queue.TryPeek(out _, out var first) && first < nextScan ? first : nextScan;
            sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            _sleep = sleep;
            _sleepingUntil = until;
        }

        try
        {
            var wait = until - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, sleep.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Woken by an earlier hold, or stopping.
        }
        finally
        {
            lock (_gate)
            {
                _sleep = null;
                _sleepingUntil = DateTimeOffset.MaxValue;
            }

            sleep.Dispose();
        }
    }

    private async ValueTask RunAsync(Entry entry, CancellationToken cancellationToken)
    {
        using var span = TicketBookingTelemetry.ActivitySource.StartActivity(SpanName, ActivityKind.Internal, entry.Parent);
        TicketBookingTelemetry.Tag(entry.EventId, entry.ReservationId);
        try
        {
            if (await expiry.ExpireHoldAsync(entry.UserId, entry.ReservationId, entry.Tries > 0, cancellationToken) is { } end)
            {
                Schedule(entry with { Due = end + Margin }, replace: true);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            if (entry.Tries + 1 < MaxTries)
            {
                logger.LogWarning(ex, "The expiry of reservation {ReservationId} failed; trying again in {Delay}", entry.ReservationId, RetryDelay);
                Schedule(entry with { Due = time.GetUtcNow() + RetryDelay, Tries = entry.Tries + 1 }, replace: true);
            }
            else
            {
                logger.LogError(ex, "The expiry of reservation {ReservationId} failed {Tries} times; the scan of the store takes it up", entry.ReservationId,
                    MaxTries);
            }
        }
    }

    /// <summary>Keeps the open holds the store has that end before <paramref name="endingBefore"/>; false when the store could not be asked.</summary>
    private async Task<bool> ScanAsync(DateTimeOffset endingBefore, CancellationToken cancellationToken)
    {
        try
        {
            var found = await store.ListOpenHoldsAsync(endingBefore, ScanPageSize, cancellationToken);
            foreach (var r in found)
            {
                Track(r);
            }

            if (found.Count > 0)
            {
                logger.LogInformation("{Count} open hold(s) taken from the store", found.Count);
            }

            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not ask the store for open holds; trying again in {Delay}", RetryDelay);
            return false;
        }
    }
}
