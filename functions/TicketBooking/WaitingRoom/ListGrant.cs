namespace TicketBooking.WaitingRoom;

/// <summary>Waiting list positions <see cref="From"/> to <see cref="Through"/> admitted at <see cref="At"/>, one for each seat that came back.</summary>
public sealed record ListGrant(DateTimeOffset At, long From, long Through)
{
    public long Count => Through - From + 1;
}
