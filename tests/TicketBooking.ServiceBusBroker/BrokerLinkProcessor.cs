using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace TicketBooking.ServiceBusBroker;

/// <summary>
/// Accepts each link the client attaches: <c>$cbs</c>, a queue's <c>$management</c> node (requests, and the reply
/// link named by its target address), a queue or its dead-letter queue (senders and receivers).
/// </summary>
internal sealed class BrokerLinkProcessor(ServiceBusTestBroker broker, ReplyLinks replies) : ILinkProcessor
{
    /// <summary>The largest message a sender may send, announced on the attach (the client refuses to send without it).</summary>
    private const ulong MaxMessageSize = 1024 * 1024;

    private const string ManagementSuffix = "/$management";

    public void Process(AttachContext attachContext)
    {
        var attach = attachContext.Attach;
        var clientSends = attachContext.Link.Role;
        var address = Normalize(clientSends ? (attach.Target as Target)?.Address : (attach.Source as Source)?.Address);
        if (clientSends)
        {
            attach.MaxMessageSize = MaxMessageSize;
        }

        var isCbs = address == "$cbs";
        var isManagement = address.EndsWith(ManagementSuffix, StringComparison.OrdinalIgnoreCase);
        var queue = isCbs ? null : broker.FindQueue(isManagement ? address[..^ManagementSuffix.Length] : address);
        if (!isCbs && queue is null)
        {
            attachContext.Complete(new Error(ErrorCode.NotFound) { Description = $"The messaging entity '{address}' could not be found." });
            return;
        }

        if (isCbs || isManagement)
        {
            if (clientSends)
            {
                attachContext.Complete(new RequestEndpoint(queue, replies), 100);
                return;
            }

            var replyAddress = (attach.Target as Target)?.Address ?? attach.LinkName;
            replies.Add(replyAddress, attachContext.Link);
            attachContext.Complete(new ReplyEndpoint(replyAddress, replies), 0);
            return;
        }

        if (clientSends)
        {
            attachContext.Complete(new QueueTargetEndpoint(queue!), 100);
            return;
        }

        var source = new QueueSourceEndpoint(queue!, attachContext.Link);
        queue!.AddReceiver(source);
        attachContext.Complete(source, 0);
    }

    /// <summary>The entity path: the client sends addresses with a leading slash, or as full URIs.</summary>
    private static string Normalize(string? address)
    {
        address ??= "";
        if (address.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            address = Uri.UnescapeDataString(uri.AbsolutePath);
        }

        return address.TrimStart('/');
    }
}
