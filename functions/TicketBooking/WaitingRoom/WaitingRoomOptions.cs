using System.ComponentModel.DataAnnotations;
using TicketBooking.Configuration;

namespace TicketBooking.WaitingRoom;

/// <summary>
/// Waiting room settings (section <c>WaitingRoom</c>): the key that signs queue passes and how the drain works.
/// In Azure <see cref="PassSigningKey"/> is a Key Vault reference; the local host falls back to
/// <see cref="DevelopmentPassSigningKey"/>, which the Functions app refuses, so Azure never runs without a real key.
/// </summary>
public sealed class WaitingRoomOptions
{
    public const string Section = "WaitingRoom";

    /// <summary>The smallest signing key accepted, in bytes (the HMAC-SHA256 block is 64; 32 is its output size).</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Base64 HMAC-SHA256 key that signs queue passes.</summary>
    public string? PassSigningKey { get; set; }

    /// <summary>Base64 key used when <see cref="PassSigningKey"/> is not set: for local runs only.</summary>
    [LocalOnly]
    public string? DevelopmentPassSigningKey { get; set; }

    /// <summary>Joins received at once by the drain (Service Bus allows up to a few thousand; a batch is one counter write per event).</summary>
    [Range(1, 1000)]
    public int DrainBatchSize { get; set; } = 200;

    /// <summary>How long one drain pass runs at most (the timer function runs one pass every 5 seconds).</summary>
    [Range(1, 240)]
    public int DrainSeconds { get; set; } = 4;

    /// <summary>Pre-queue entries ranked per step of the on-sale ranking (one progress write per step).</summary>
    [Range(10, 10_000)]
    public int RankingChunkSize { get; set; } = 1000;

    /// <summary>
    /// Seconds after the on-sale before the pre-queue is frozen and ranked, so joins sent just before the on-sale
    /// are drained into it first.
    /// </summary>
    [Range(0, 300)]
    public int RankingDelaySeconds { get; set; } = 3;

    public string? EffectiveSigningKey() => string.IsNullOrWhiteSpace(PassSigningKey) ? DevelopmentPassSigningKey : PassSigningKey;

    /// <summary>Why the settings cannot sign passes, or null when they can.</summary>
    public static string? KeyProblem(WaitingRoomOptions options)
    {
        var key = options.EffectiveSigningKey();
        if (string.IsNullOrWhiteSpace(key))
        {
            return "WaitingRoom:PassSigningKey is not set: set it to a base64 key of at least 32 random bytes (a Key Vault reference in Azure).";
        }

        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var length) && length >= MinKeyBytes
            ? null
            : $"WaitingRoom:PassSigningKey must be base64 of at least {MinKeyBytes} bytes.";
    }
}
