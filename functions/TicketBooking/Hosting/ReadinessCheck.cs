namespace TicketBooking.Hosting;

/// <summary>A readiness check made of a name and a probe.</summary>
public sealed class ReadinessCheck(string name, Func<CancellationToken, Task> probe) : IReadinessCheck
{
    public string Name => name;

    public Task CheckAsync(CancellationToken cancellationToken) => probe(cancellationToken);
}
