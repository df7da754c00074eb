namespace TicketBooking.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root: the first folder above the test binaries that holds TicketBooking.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TicketBooking.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TicketBooking.sln not found above " + AppContext.BaseDirectory);
    }
}
