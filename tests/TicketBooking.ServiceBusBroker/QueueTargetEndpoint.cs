using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace TicketBooking.ServiceBusBroker;

/// <summary>A client's sender to a queue: each message (or each message of a batch) is stored, duplicates dropped, and accepted.</summary>
internal sealed class QueueTargetEndpoint(BrokerQueue queue) : LinkEndpoint
{
    public override void OnMessage(MessageContext messageContext)
    {
        var message = messageContext.Message;
        queue.CountTransfer();
        foreach (var single in message.Format == Annotations.BatchFormat ? Unbatch(message) : [message])
        {
            queue.Enqueue(single);
        }

        messageContext.Complete();
    }

    public override void OnFlow(FlowContext flowContext)
    {
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
    }

    /// <summary>A batch is one AMQP message whose data sections each hold one encoded message.</summary>
    private static IEnumerable<Message> Unbatch(Message batch)
    {
        var sections = batch.BodySection switch
        {
            Data data => [data],
            DataList list => Enumerable.Range(0, list.Count).Select(i => list[i]).ToList(),
            _ => new List<Data>(),
        };

        foreach (var section in sections)
        {
            var bytes = section.Binary;
            yield return Message.Decode(new ByteBuffer(bytes, 0, bytes.Length, bytes.Length));
        }
    }
}
