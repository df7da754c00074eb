namespace TicketBooking.Catalog;

/// <summary>A refund policy as the organizer sends it (on create, or on its own with <c>PUT .../refund-policy</c>).</summary>
public sealed class RefundPolicyInput
{
    /// <summary><c>none</c> or <c>beforeStart</c>.</summary>
    public RefundPolicyKind? Kind { get; init; }

    /// <summary>With <c>beforeStart</c>: refundable until this many hours before the start (0 = until the start).</summary>
    public int? HoursBeforeStart { get; init; }

    /// <summary>The policy, or a 400 naming what is wrong (field names start with <paramref name="prefix"/>).</summary>
    public RefundPolicy Validate(string prefix = "")
    {
        var errors = new Dictionary<string, string[]>();
        if (Kind is null)
        {
            errors[prefix + "kind"] = ["'kind' is required: 'none' or 'beforeStart'."];
        }
        else if (Kind == RefundPolicyKind.BeforeStart && HoursBeforeStart is not (>= 0 and <= RefundPolicy.MaxHoursBeforeStart))
        {
            errors[prefix + "hoursBeforeStart"] = [$"'hoursBeforeStart' is required with 'beforeStart': 0 to {RefundPolicy.MaxHoursBeforeStart}."];
        }
        else if (Kind == RefundPolicyKind.None && HoursBeforeStart is not (null or 0))
        {
            errors[prefix + "hoursBeforeStart"] = ["'hoursBeforeStart' goes only with 'beforeStart'."];
        }

        return errors.Count > 0
            ? throw new InvalidRequestException(errors)
            : Kind == RefundPolicyKind.None ? RefundPolicy.NoRefunds : new RefundPolicy(RefundPolicyKind.BeforeStart, HoursBeforeStart!.Value);
    }
}
