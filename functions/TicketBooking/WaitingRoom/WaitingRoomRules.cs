namespace TicketBooking.WaitingRoom;

/// <summary>
/// What an event's waiting room settings must be: both times (the room opens no later than the on-sale, and the on-sale
/// comes before the event starts), a rate of 1 to <see cref="MaxAdmitPerMinute"/> a minute and a pass of 1 to
/// <see cref="MaxPassMinutes"/> minutes. Once the on-sale has begun its times stay; the rate and the pass length may
/// change, for those not admitted yet.
/// </summary>
public static class WaitingRoomRules
{
    public const int MaxAdmitPerMinute = 100_000;
    public const int MaxPassMinutes = 60;
    public const int DefaultPassMinutes = 10;

    /// <summary>
    /// The settings to store, or null for no room; throws a 400 naming every problem. <paramref name="prefix"/> is put
    /// before each field name (<c>waitingRoom.</c> in an event's creation).
    /// </summary>
    public static WaitingRoomSettings? Validate(WaitingRoomInput input, WaitingRoomSettings? current, DateTimeOffset startsAt, long ordered,
        DateTimeOffset now, string prefix = "")
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Enabled is not { } enabled)
        {
            errors[prefix + "enabled"] = ["'enabled' is required (true or false)."];
            throw new InvalidRequestException(errors);
        }

        var begun = current is not null && now >= current.OnSaleAt;
        if (!enabled && (current is not null || input.OnSaleAt is null || input.OpensAt is null || input.AdmitPerMinute is null))
        {
            // Turning the room off keeps its settings (and its queue) for when it is turned on again.
            return current is null ? null : current with { Enabled = false };
        }

        var opensAt = input.OpensAt ?? current?.OpensAt;
        var onSaleAt = input.OnSaleAt ?? current?.OnSaleAt;
        var rate = input.AdmitPerMinute ?? current?.AdmitPerMinute;
        var pass = input.PassMinutes ?? current?.PassMinutes ?? DefaultPassMinutes;
        if (opensAt is null)
        {
            errors[prefix + "opensAt"] = ["'opensAt' is required (ISO 8601 with an offset): when people may start to join."];
        }

        if (onSaleAt is null)
        {
            errors[prefix + "onSaleAt"] = ["'onSaleAt' is required (ISO 8601 with an offset): when admission begins."];
        }
        else if (onSaleAt >= startsAt)
        {
            errors[prefix + "onSaleAt"] = ["'onSaleAt' must be before the event starts."];
        }
        else if (opensAt is not null && opensAt > onSaleAt)
        {
            errors[prefix + "opensAt"] = ["'opensAt' must not be after 'onSaleAt'."];
        }

        if (begun && (opensAt != current!.OpensAt || onSaleAt != current.OnSaleAt))
        {
            errors[prefix + "onSaleAt"] = ["The on-sale has begun: 'opensAt' and 'onSaleAt' can no longer change (the rate and the pass length can)."];
        }

        if (rate is not (>= 1 and <= MaxAdmitPerMinute))
        {
            errors[prefix + "admitPerMinute"] = [$"'admitPerMinute' is required: people admitted a minute, from 1 to {MaxAdmitPerMinute}."];
        }

        if (pass is not (>= 1 and <= MaxPassMinutes))
        {
            errors[prefix + "passMinutes"] = [$"'passMinutes' is how long a pass lasts, from 1 to {MaxPassMinutes} minutes."];
        }

        if (errors.Count > 0)
        {
            throw new InvalidRequestException(errors);
        }

        return begun
            ? Admission.Change(current! with { Enabled = enabled }, rate!.Value, pass, ordered, now)
            : new WaitingRoomSettings(enabled, opensAt!.Value, onSaleAt!.Value, rate!.Value, pass);
    }
}
