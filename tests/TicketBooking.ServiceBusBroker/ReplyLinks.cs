using System.Collections.Concurrent;
using Amqp;
using Amqp.Listener;

namespace TicketBooking.ServiceBusBroker;

/// <summary>The open reply links by their address, which requests name in their reply-to.</summary>
internal sealed class ReplyLinks
{
    private readonly ConcurrentDictionary<string, ListenerLink> _links = new(StringComparer.Ordinal);

    public void Add(string address, ListenerLink link) => _links[address] = link;

    public void Remove(string address, ListenerLink link) => _links.TryRemove(new KeyValuePair<string, ListenerLink>(address, link));

    public void Send(string? replyTo, Message response)
    {
        if (replyTo is not null && _links.TryGetValue(replyTo, out var link))
        {
            link.SendMessage(response);
        }
    }
}
