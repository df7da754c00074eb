using System.Collections.Concurrent;
using Amqp;
using Amqp.Listener;
using TicketBooking.Testing;

namespace TicketBooking.ServiceBusBroker;

/// <summary>
/// An AMQP 1.0 broker on 127.0.0.1 that the real Azure.Messaging.ServiceBus client talks to with a connection string
/// carrying <c>UseDevelopmentEmulator=true</c>: queues with duplicate detection, peek-lock, redelivery and
/// dead-lettering (<see cref="BrokerQueue"/>). For tests and the emulated local run; not a Service Bus.
/// </summary>
public sealed class ServiceBusTestBroker : IDisposable
{
    /// <summary>How often lapsed locks are released.</summary>
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentDictionary<string, BrokerQueue> _queues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ContainerHost _host;
    private readonly TimeProvider _time;
    private readonly ITimer _ticker;

    private ServiceBusTestBroker(int port, TimeProvider time)
    {
        Port = port;
        _time = time;
        _host = new ContainerHost(new Address($"amqp://127.0.0.1:{port}"));
        var listener = _host.Listeners[0];
        listener.SASL.EnableAnonymousMechanism = true;
        listener.SASL.EnableMechanism(CbsSaslProfile.Name, new CbsSaslProfile());
        listener.HandlerFactory = _ => new LockTokenHandler();
        _host.RegisterLinkProcessor(new BrokerLinkProcessor(this, new ReplyLinks()));
        _host.Open();
        _ticker = time.CreateTimer(_ => Tick(), null, TickInterval, TickInterval);
    }

    public int Port { get; }

    /// <summary>What the Service Bus client needs to reach this broker.</summary>
    public string ConnectionString => $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=broker;SharedAccessKey=broker;UseDevelopmentEmulator=true";

    /// <summary>Starts a broker on <paramref name="port"/> (0: a free port of the machine's choosing).</summary>
    public static ServiceBusTestBroker Start(int port = 0, TimeProvider? time = null)
    {
        // AMQPNetLite's listener is given its port before it binds: a port free now, another when it was taken meanwhile.
        return port == 0
            ? Loopback.OnFreePort(free => new ServiceBusTestBroker(free, time ?? TimeProvider.System))
            : new ServiceBusTestBroker(port, time ?? TimeProvider.System);
    }

    /// <summary>Creates a queue (or returns the one of that name).</summary>
    public BrokerQueue CreateQueue(string name, QueueSettings? settings = null) =>
        _queues.GetOrAdd(name, n => new BrokerQueue(n, settings ?? new QueueSettings(), _time));

    /// <summary>A queue by entity path (<c>name</c> or <c>name/$deadletterqueue</c>), or null.</summary>
    public BrokerQueue? FindQueue(string path)
    {
        const string deadLetterSuffix = "/$deadletterqueue";
        if (path.EndsWith(deadLetterSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return _queues.TryGetValue(path[..^deadLetterSuffix.Length], out var parent) ? parent.DeadLetters : null;
        }

        return _queues.TryGetValue(path, out var queue) ? queue : null;
    }

    public void Dispose()
    {
        _ticker.Dispose();
        _host.Close();
    }

    private void Tick()
    {
        foreach (var queue in _queues.Values)
        {
            queue.Tick();
        }
    }
}
