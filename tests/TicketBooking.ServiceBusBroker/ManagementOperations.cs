using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace TicketBooking.ServiceBusBroker;

/// <summary>
/// The queue's <c>$management</c> node: the request-response operations the Service Bus client sends there for a queue
/// receiver (renew-lock, peek-message, update-disposition). Others are answered 501 Not Implemented.
/// </summary>
internal static class ManagementOperations
{
    public static Message Handle(BrokerQueue queue, Message request)
    {
        var operation = request.ApplicationProperties?["operation"]?.ToString();
        var body = request.Body as Map ?? [];
        return operation switch
        {
            "com.microsoft:renew-lock" => RenewLock(queue, body),
            "com.microsoft:peek-message" => Peek(queue, body),
            "com.microsoft:update-disposition" => UpdateDisposition(queue, body),
            _ => Answer(501, $"The test broker does not implement {operation}."),
        };
    }

    private static Message RenewLock(BrokerQueue queue, Map body)
    {
        var expirations = new List<DateTime>();
        foreach (var token in LockTokens(body))
        {
            if (queue.RenewLock(token) is not { } until)
            {
                return LockLost();
            }

            expirations.Add(until);
        }

        return Answer(200, "OK", new Map { ["expirations"] = expirations.ToArray() });
    }

    private static Message Peek(BrokerQueue queue, Map body)
    {
        var from = Convert.ToInt64(body["from-sequence-number"] ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        var count = Convert.ToInt32(body["message-count"] ?? 1, System.Globalization.CultureInfo.InvariantCulture);
        var messages = queue.Peek(from, count);
        if (messages.Count == 0)
        {
            return Answer(204, "No messages.");
        }

        var list = new Amqp.Types.List();
        foreach (var message in messages)
        {
            var buffer = message.Encode();
            var bytes = new byte[buffer.Length];
            Buffer.BlockCopy(buffer.Buffer, buffer.Offset, bytes, 0, buffer.Length);
            list.Add(new Map { ["message"] = bytes });
        }

        return Answer(200, "OK", new Map { ["messages"] = list });
    }

    private static Message UpdateDisposition(BrokerQueue queue, Map body)
    {
        var status = body["disposition-status"]?.ToString();
        foreach (var token in LockTokens(body))
        {
            var held = status switch
            {
                "completed" => queue.Complete(token),
                "abandoned" => queue.Abandon(token),
                "suspended" => queue.DeadLetter(token, body["deadletter-reason"]?.ToString(), body["deadletter-description"]?.ToString()),
                _ => throw new AmqpException(ErrorCode.NotImplemented, $"Disposition {status} is not supported by the test broker."),
            };
            if (!held)
            {
                return LockLost();
            }
        }

        return Answer(200, "OK", []);
    }

    private static IEnumerable<Guid> LockTokens(Map body) => body["lock-tokens"] switch
    {
        Guid[] tokens => tokens,
        object[] tokens => tokens.OfType<Guid>(),
        _ => [],
    };

    private static Message LockLost()
    {
        var answer = Answer(410, "The lock on the message has expired or was already settled.");
        answer.ApplicationProperties["errorCondition"] = Annotations.LockLost;
        return answer;
    }

    private static Message Answer(int status, string description, Map? body = null) => new(body ?? [])
    {
        ApplicationProperties = new ApplicationProperties
        {
            ["statusCode"] = status,
            ["statusDescription"] = description,
        },
    };
}
