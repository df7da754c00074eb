using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace TicketBooking.ServiceBusBroker;

/// <summary>
/// The requests half of a request-response node: <c>$cbs</c> (put-token, always accepted) or a queue's
/// <c>$management</c> node (<see cref="ManagementOperations"/>). The answer goes to the reply link the request names.
/// </summary>
internal sealed class RequestEndpoint(BrokerQueue? queue, ReplyLinks replies) : LinkEndpoint
{
    public override void OnMessage(MessageContext messageContext)
    {
        var request = messageContext.Message;
        var response = queue is null ? PutTokenAccepted() : ManagementOperations.Handle(queue, request);
        response.Properties ??= new Properties();
        response.Properties.SetCorrelationId(request.Properties?.GetMessageId());
        messageContext.Complete();
        replies.Send(request.Properties?.ReplyTo, response);
    }

    public override void OnFlow(FlowContext flowContext)
    {
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }

    private static Message PutTokenAccepted() => new()
    {
        ApplicationProperties = new ApplicationProperties
        {
            ["status-code"] = 202,
            ["status-description"] = "Accepted",
        },
    };
}
