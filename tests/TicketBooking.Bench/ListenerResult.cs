namespace TicketBooking.Bench;

/// <summary>What the listeners of <see cref="SurgeListeners"/> measured, sent back to the surge as one JSON line.</summary>
public sealed record ListenerResult(int Connected, double ConnectP50, double ConnectP99, long Delivered, double P50, double P99, double Max,
    int Ended, string FirstListenerMissed, long Superseded);
