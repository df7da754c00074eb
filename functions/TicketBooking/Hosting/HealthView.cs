namespace TicketBooking.Hosting;

/// <summary>The liveness answer: the process runs, with the data provider it was started with.</summary>
public sealed record HealthView(string Status, Configuration.DataProvider Data, DateTimeOffset Time);
