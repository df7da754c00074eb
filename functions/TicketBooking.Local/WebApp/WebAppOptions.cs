namespace TicketBooking.Local.WebApp;

/// <summary>Where the local host finds the built web app (<c>web/dist</c>, copied next to the binaries by the build).</summary>
public sealed class WebAppOptions
{
    public const string Section = "WebApp";

    /// <summary>The folder served at <c>/</c>; by default <c>webapp/</c> beside the host's binaries.</summary>
    public string? Root { get; set; }

    public string ResolvedRoot => Path.GetFullPath(Root ?? Path.Combine(AppContext.BaseDirectory, "webapp"));
}
