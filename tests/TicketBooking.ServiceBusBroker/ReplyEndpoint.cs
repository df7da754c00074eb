using Amqp.Framing;
using Amqp.Listener;

namespace TicketBooking.ServiceBusBroker;

/// <summary>The client's receiving half of a request-response pair ($cbs, $management): answers go out on it.</summary>
internal sealed class ReplyEndpoint(string address, ReplyLinks replies) : LinkEndpoint
{
    public override void OnFlow(FlowContext flowContext)
    {
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }

    public override void OnMessage(MessageContext messageContext) =>
        messageContext.Complete(new Error(Amqp.ErrorCode.NotAllowed) { Description = "This link only carries answers." });

    public override void OnLinkClosed(ListenerLink listenerLink, Error error) => replies.Remove(address, listenerLink);
}
