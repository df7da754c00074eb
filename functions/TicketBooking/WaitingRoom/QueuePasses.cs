using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Queue passes: short-lived tokens that say "this user may reserve for this event until this time", HMAC-SHA256
/// signed with <see cref="WaitingRoomOptions.PassSigningKey"/> and checked without any read. The form is
/// <c>base64url(v1|eventId|expiresUnixSeconds|userId).base64url(hmac)</c>
/// (the user id last, as it may itself contain a bar).
/// </summary>
public sealed class QueuePasses
{
    private const string Version = "v1";
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public QueuePasses(IOptions<WaitingRoomOptions> options, TimeProvider time)
    {
        _key = Convert.FromBase64String(options.Value.EffectiveSigningKey()!);
        _time = time;
    }

    public string Issue(string userId, string eventId, DateTimeOffset expiresAt)
    {
        var payload = Encoding.UTF8.GetBytes(Payload(userId, eventId, expiresAt.ToUnixTimeSeconds()));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>True when <paramref name="pass"/> was signed here, for this user and this event, and has not expired.</summary>
    public bool IsValid(string? pass, string userId, string eventId)
    {
        if (string.IsNullOrEmpty(pass) || pass.Length > 1024)
        {
            return false;
        }

        var dot = pass.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !Base64Url.IsValid(pass.AsSpan(0, dot)) || !Base64Url.IsValid(pass.AsSpan(dot + 1)))
        {
            return false;
        }

        var payload = Base64Url.DecodeFromChars(pass.AsSpan(0, dot));
        var signature = Base64Url.DecodeFromChars(pass.AsSpan(dot + 1));
        if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key, payload)))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|', 4);
        return parts.Length == 4 && parts[0] == Version && parts[1] == eventId && parts[3] == userId
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && _time.GetUtcNow().ToUnixTimeSeconds() < expires;
    }

    private static string Payload(string userId, string eventId, long expiresUnixSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{Version}|{eventId}|{expiresUnixSeconds}|{userId}");
}
