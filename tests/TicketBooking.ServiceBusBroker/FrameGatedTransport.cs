using System.Runtime.CompilerServices;
using Amqp;

namespace TicketBooking.ServiceBusBroker;

/// <summary>
/// A connection's transport once SASL is done: the connection handles each frame it reads under a gate, and a delivery
/// sent from another thread (<see cref="SendDelivery"/>) waits for that gate. AMQPNetLite counts a transfer in its
/// session only after the transfer is on the wire; the Service Bus client answers each transfer at once with a flow
/// that advertises an incoming window of <see cref="uint.MaxValue"/>, and a flow handled before the count moved makes
/// the session's window wrap to zero: later deliveries then wait for the client's next flow, which may never come
/// (a redelivery after a lapsed lock sat there until the client's receive timed out). Under the gate a frame is never
/// handled while a delivery is half sent.
/// </summary>
internal sealed class FrameGatedTransport(IAsyncTransport inner) : IAsyncTransport
{
    /// <summary>How long a delivery waits for a frame to be handled before it gives up (the message stays in the queue).</summary>
    private static readonly TimeSpan SendWait = TimeSpan.FromSeconds(5);

    private static readonly ConditionalWeakTable<Connection, FrameGatedTransport> Transports = [];

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>1 while the connection handles a frame it read (the gate is held for it).</summary>
    private int _handlingFrame;

    /// <summary>Sends a delivery on a link outside the connection's own thread; false when the gate was not free in time.</summary>
    public static bool SendDelivery(Link link, Action send)
    {
        if (!Transports.TryGetValue(link.Session.Connection, out var transport))
        {
            send();
            return true;
        }

        if (!transport._gate.Wait(SendWait))
        {
            return false;
        }

        try
        {
            send();
            return true;
        }
        finally
        {
            transport._gate.Release();
        }
    }

    public void SetConnection(Connection connection)
    {
        Transports.AddOrUpdate(connection, this);
        inner.SetConnection(connection);
    }

    public async Task<int> ReceiveAsync(byte[] buffer, int offset, int count)
    {
        // The connection asks for more bytes only once it handled the frame it read before.
        ReleaseFrame();
        var received = await inner.ReceiveAsync(buffer, offset, count).ConfigureAwait(false);
        if (received > 0)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            Volatile.Write(ref _handlingFrame, 1);
        }

        return received;
    }

    public Task SendAsync(IList<ByteBuffer> bufferList, int listSize) => inner.SendAsync(bufferList, listSize);

    public void Send(ByteBuffer buffer) => inner.Send(buffer);

    public int Receive(byte[] buffer, int offset, int count) => inner.Receive(buffer, offset, count);

    public void Close()
    {
        ReleaseFrame();
        inner.Close();
    }

    private void ReleaseFrame()
    {
        if (Interlocked.Exchange(ref _handlingFrame, 0) == 1)
        {
            _gate.Release();
        }
    }
}
