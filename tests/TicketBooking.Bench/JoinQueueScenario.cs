using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TicketBooking.ServiceBusBroker;
using TicketBooking.WaitingRoom;

namespace TicketBooking.Bench;

/// <summary>
/// The join queue: J joins (20,000) sent with N in parallel (--connections, 32), then drained as the drain does
/// (receive up to 100, complete the batch), for the in-process queue and for Service Bus on the test broker through
/// the real client. Options: --joins J, --connections N, --together (the drain runs while the joins are sent, as in a
/// surge, through the same client).
/// </summary>
public static class JoinQueueScenario
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var joins = options.Int("joins", 20_000);
        var parallel = options.Connections ?? 32;
        Console.WriteLine($"join-queue: {joins} joins sent {parallel} at a time, then received 100 at a time and completed");
        Console.WriteLine($"| Queue | Send joins/s | Receive+complete joins/s |");
        Console.WriteLine($"|---|---:|---:|");

        var inProcess = new InProcessJoinQueue(Options.Create(new JoinQueueOptions { Capacity = joins }), TimeProvider.System);
        var together = options.Extra.ContainsKey("together");
        await MeasureAsync("in-process", inProcess, joins, parallel, together);

        using var broker = ServiceBusTestBroker.Start();
        broker.CreateQueue("joins");
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var serviceBus = new ServiceBusJoinQueue(client, Options.Create(new JoinQueueOptions { Provider = JoinQueueProvider.ServiceBus }),
            TimeProvider.System, NullLogger<ServiceBusJoinQueue>.Instance);
        await MeasureAsync("Service Bus client on the test broker", serviceBus, joins, parallel, together);
        return 0;
    }

    private static async Task MeasureAsync(string name, IJoinQueue queue, int joins, int parallel, bool together)
    {
        var requestedAt = DateTimeOffset.UtcNow;
        var send = Stopwatch.StartNew();
        var sending = Parallel.ForEachAsync(Enumerable.Range(0, joins), new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (i, ct) => await queue.SendAsync(new QueueJoin("evt-bench", $"user-{i}", $"evt-bench.user-{i}", requestedAt), ct));
        if (!together)
        {
            await sending;
        }

        var drained = 0;
        var drain = Stopwatch.StartNew();
        while (drained < joins)
        {
            var batch = await queue.ReceiveAsync(100, TimeSpan.FromSeconds(5), CancellationToken.None);
            if (batch.Count == 0)
            {
                break;
            }

            await queue.CompleteAsync(batch, CancellationToken.None);
            drained += batch.Count;
        }

        drain.Stop();
        await sending;
        Console.WriteLine($"| {name}{(together ? ", sent and drained at once" : "")} | {joins / send.Elapsed.TotalSeconds:N0} | " +
            $"{drained / drain.Elapsed.TotalSeconds:N0}{(drained < joins ? $" (only {drained})" : "")} |");
    }
}
