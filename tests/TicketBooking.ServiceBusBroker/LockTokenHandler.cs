using Amqp.Handler;

namespace TicketBooking.ServiceBusBroker;

/// <summary>
/// Makes each delivery's tag its lock token (a 16-byte Guid), which is where the Service Bus client reads it from.
/// The token travels with the message as the <c>x-opt-lock-token</c> annotation.
/// </summary>
internal sealed class LockTokenHandler : IHandler
{
    public bool CanHandle(EventId id) => id == EventId.SendDelivery;

    public void Handle(Event protocolEvent)
    {
        if (protocolEvent.Context is IDelivery delivery
            && delivery.Message?.MessageAnnotations?[Annotations.LockToken] is Guid lockToken)
        {
            delivery.Tag = lockToken.ToByteArray();
        }
    }
}
