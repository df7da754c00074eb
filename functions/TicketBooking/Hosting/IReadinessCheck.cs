namespace TicketBooking.Hosting;

/// <summary>
/// One dependency <c>/api/health/ready</c> checks. Each feature registers its own (stores, search index, join queue);
/// the ready answer runs them all in parallel, each under <see cref="HealthApi.CheckTimeout"/>.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>The name the ready answer reports it under (<c>stores</c>, <c>search</c>, <c>join-queue</c>).</summary>
    string Name { get; }

    /// <summary>Completes when the dependency answered; throws when it did not.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
