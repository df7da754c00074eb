using Microsoft.Extensions.Hosting;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Keeps the open waiting lists admitting, on every instance. A seat that comes back (<see cref="ReturnedSeats"/>)
/// wakes it for that event at once; besides, once a <see cref="Tick"/> it looks at every open list it knows, which
/// covers holds that lapse by time and passes that lapse unused, and every <see cref="RefreshInterval"/> it reads the
/// open lists from the store, so lists opened elsewhere, or before a restart, are looked after too. Every decision is
/// <see cref="WaitingList.AdmitAsync"/>, safe to run on any number of instances at once.
/// </summary>
public sealed class WaitingListWatcher(WaitingList list, ReturnedSeats returned, TimeProvider time, ILogger<WaitingListWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var refreshedAt = DateTimeOffset.MinValue;
        var lookedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await returned.WaitAsync(Tick, stoppingToken);
                var now = time.GetUtcNow();
                if (now - refreshedAt >= RefreshInterval)
                {
                    await list.RefreshAsync(stoppingToken);
                    refreshedAt = now;
                }

                var woken = returned.TakeWoken();
                if (now - lookedAt >= Tick)
                {
                    await list.AdmitAllAsync(stoppingToken);
                    lookedAt = now;
                    continue;
                }

                foreach (var eventId in woken)
                {
                    await list.AdmitAsync(eventId, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Admitting from the waiting lists failed; trying again in {Pause}", Tick);
                try
                {
                    await Task.Delay(Tick, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
