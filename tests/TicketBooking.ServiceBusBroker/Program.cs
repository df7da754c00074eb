using System.Globalization;
using System.Runtime.InteropServices;
using TicketBooking.ServiceBusBroker;

// The Service Bus test broker as a program, for the emulated local run:
//   dotnet run --project tests/TicketBooking.ServiceBusBroker -- --port 5672 --queue joins
var port = 5672;
var queues = new List<string>();
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--queue":
            queues.Add(args[i + 1]);
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; usage: --port PORT --queue NAME [--queue NAME ...]");
            return 2;
    }
}

using var broker = ServiceBusTestBroker.Start(port);
foreach (var name in queues.DefaultIfEmpty("joins"))
{
    broker.CreateQueue(name);
}

var stop = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.TrySetResult(); });
Console.WriteLine($"Service Bus test broker listening on 127.0.0.1:{broker.Port}, queues: {string.Join(", ", queues.DefaultIfEmpty("joins"))}");
Console.WriteLine(broker.ConnectionString);
await stop.Task;
return 0;
