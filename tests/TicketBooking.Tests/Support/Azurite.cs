using System.Text.RegularExpressions;

namespace TicketBooking.Tests.Support;

/// <summary>
/// Azurite (tests/emulators) in memory on loopback ports it binds itself (port 0, read back from its start-up lines), so
/// no other program can take them first; killed by PID when disposed.
/// </summary>
public sealed partial class Azurite : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly NodeProcess _process;

    private Azurite(NodeProcess process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    /// <summary>The development account's connection string with the blob, queue and table endpoints as bound.</summary>
    public string ConnectionString { get; }

    public static async Task<Azurite> StartAsync()
    {
        var process = await NodeProcess.StartAsync("node_modules/azurite/dist/src/azurite.js",
            "--inMemoryPersistence --skipApiVersionCheck --loose --blobHost 127.0.0.1 --blobPort 0 --queueHost 127.0.0.1 --queuePort 0 " +
            "--tableHost 127.0.0.1 --tablePort 0", TableReady(), TimeSpan.FromSeconds(120));
        // The services start one after the other, so the blob and queue lines came before the table's.
        var urls = process.Output.Select(line => ServiceReady().Match(line)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["service"].Value, m => m.Groups["url"].Value, StringComparer.Ordinal);
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint={urls["Blob"]}/devstoreaccount1;QueueEndpoint={urls["Queue"]}/devstoreaccount1;TableEndpoint={urls["Table"]}/devstoreaccount1;";
        return new Azurite(process, connectionString);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    [GeneratedRegex(@"Table service is successfully listening at (?<url>\S+)")]
    private static partial Regex TableReady();

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at (?<url>http://\S+)")]
    private static partial Regex ServiceReady();
}
