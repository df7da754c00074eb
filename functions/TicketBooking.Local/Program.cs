using TicketBooking.Local;

LocalHost.Create(args).Run();

/// <summary>The local host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
