using TicketBooking.WaitingRoom;

namespace TicketBooking.Local.WaitingRoom;

/// <summary>
/// The local host's drain of the waiting room: one <see cref="WaitingRoomDrain"/> pass after another, with a short
/// pause when the queue was empty and a longer one after a failure (the joins stay in the queue meanwhile). The
/// Functions app runs the same pass from a timer function.
/// </summary>
internal sealed class WaitingRoomDrainLoop(WaitingRoomDrain drain, TimeProvider time, ILogger<WaitingRoomDrainLoop> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var pause = IdlePause;
            try
            {
                if (await drain.RunOnceAsync(stoppingToken) > 0)
                {
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The waiting room drain failed; it tries again in {PauseSeconds} s", FailurePause.TotalSeconds);
                pause = FailurePause;
            }

            try
            {
                await Task.Delay(pause, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
