using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// One entry per user per event: the queue id is derived from both, so joining again names the same entry and a
/// retried send carries the same message id (a duplicate the queue drops).
/// </summary>
public static class QueueIds
{
    public static string For(string eventId, string userId) =>
        "q-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId}\n{userId}")), 0, 12);

    public static bool IsPlausible(string queueId) =>
        queueId.Length == 26 && queueId.StartsWith("q-", StringComparison.Ordinal) && queueId.Skip(2).All(char.IsAsciiHexDigitLower);
}
