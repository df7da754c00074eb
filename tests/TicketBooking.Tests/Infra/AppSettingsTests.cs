using System.Reflection;
using System.Text.Json;
using TicketBooking.Configuration;

namespace TicketBooking.Tests.Infra;

/// <summary>
/// The settings the code reads, the app settings the Bicep gives the Function App in Azure, and the
/// keys in local.settings.sample.json must agree: a setting added on one side only fails here.
/// The code's settings are its options classes (public types with <c>public const string Section</c>):
/// each public settable property is the setting <c>Section__Property</c> (<c>Section:Property</c>),
/// unless it (or its class) is marked <see cref="LocalOnlyAttribute"/>.
/// </summary>
public class AppSettingsTests
{
    /// <summary>Settings read by the Functions host, the Azure SDK or the platform rather than by our options.</summary>
    private static readonly string[] HostSettings =
    [
        "AzureWebJobsStorage",
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "FUNCTIONS_WORKER_RUNTIME",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "AZURE_CLIENT_ID",
    ];

    /// <summary>Settings that Flex Consumption rejects or ignores (they come from functionAppConfig).</summary>
    private static readonly string[] NotOnFlexConsumption =
    [
        "FUNCTIONS_WORKER_RUNTIME",
        "FUNCTIONS_EXTENSION_VERSION",
        "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "WEBSITE_NODE_DEFAULT_VERSION",
        "AzureWebJobsStorage",
    ];

    [Fact]
    public async Task BicepProvidesEverySettingTheCodeReadsInAzure()
    {
        var provided = ToSet(await FunctionAppSettingNamesAsync());

        var missing = CodeSettings()
            .Where(s => !s.LocalOnly)
            .Select(s => s.AppSettingName)
            .Where(name => !provided.Contains(name))
            .ToList();

        Assert.True(missing.Count == 0,
            "Settings the code reads in Azure but infra/app/api.bicep does not set: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task BicepSetsOnlySettingsTheCodeOrTheHostReads()
    {
        // Catches typos, renames and settings left behind after the code stopped reading them.
        var read = ToSet(CodeSettings().Where(s => !s.LocalOnly).Select(s => s.AppSettingName).Concat(HostSettings));

        var unread = (await FunctionAppSettingNamesAsync()).Where(name => !read.Contains(name)).ToList();

        Assert.True(unread.Count == 0,
            "App settings in infra/app/api.bicep that neither an options class nor the host reads: " + string.Join(", ", unread));
    }

    [Fact]
    public async Task BicepSetsNoSettingFlexConsumptionRejects()
    {
        var provided = ToSet(await FunctionAppSettingNamesAsync());

        Assert.All(NotOnFlexConsumption, name => Assert.DoesNotContain(name, provided));
    }

    [Fact]
    public async Task BicepSetsEachSettingOnce()
    {
        var names = await FunctionAppSettingNamesAsync();

        var duplicates = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public async Task StripeSecretsComeFromKeyVaultReferences()
    {
        var (settings, variables) = await FunctionAppSettingsAsync();

        foreach (var name in new[] { "Stripe__SecretKey", "Stripe__WebhookSecret" })
        {
            var value = Resolve(settings[name], variables);
            Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri=", value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LocalSettingsSampleHasOnlySettingsTheCodeReads()
    {
        var path = Path.Combine(BicepCli.RepoRoot, "local.settings.sample.json");
        Assert.True(File.Exists(path), $"{path} is missing.");
        using var sample = JsonDocument.Parse(
            File.ReadAllText(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var keys = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToList();
        var read = ToSet(CodeSettings().Select(s => s.AppSettingName).Concat(HostSettings));

        var unread = keys.Where(key => !read.Contains(ToAppSettingName(key))).ToList();

        Assert.NotEmpty(keys);
        Assert.True(unread.Count == 0,
            "Keys in local.settings.sample.json that no options class (nor the host) reads: " + string.Join(", ", unread));
    }

    [Fact]
    public void OptionsClassesAreFound()
    {
        // Guards the checks above against passing vacuously.
        var settings = CodeSettings();

        Assert.Contains(settings, s => s.AppSettingName.StartsWith("Cosmos__", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(settings, s => !s.LocalOnly);
    }

    private sealed record CodeSetting(string AppSettingName, bool LocalOnly, Type OptionsType);

    /// <summary>Every setting the code's options classes bind, as an app setting name.</summary>
    private static List<CodeSetting> CodeSettings()
    {
        var assembly = typeof(LocalOnlyAttribute).Assembly;
        var settings = new List<CodeSetting>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static);
            if (section is not { IsLiteral: true } || section.FieldType != typeof(string))
            {
                continue;
            }

            var sectionName = (string)section.GetRawConstantValue()!;
            var typeIsLocalOnly = type.IsDefined(typeof(LocalOnlyAttribute), inherit: true);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
                {
                    continue;
                }

                var localOnly = typeIsLocalOnly || property.IsDefined(typeof(LocalOnlyAttribute), inherit: true);
                settings.Add(new CodeSetting(ToAppSettingName($"{sectionName}:{property.Name}"), localOnly, type));
            }
        }

        return settings;
    }

    private static async Task<List<string>> FunctionAppSettingNamesAsync() =>
        (await FunctionAppSettingsAsync()).Settings.Keys.ToList();

    /// <summary>
    /// The Function App's siteConfig.appSettings (name to raw ARM value) from the compiled template,
    /// and the variables of the (module) template that declares it.
    /// </summary>
    private static async Task<(Dictionary<string, string> Settings, JsonElement Variables)> FunctionAppSettingsAsync()
    {
        var build = await BicepCli.BuildMainAsync();
        Assert.True(build.ExitCode == 0, build.StandardError);
        using var document = JsonDocument.Parse(build.StandardOutput);

        var found = new List<(JsonElement Site, JsonElement Template)>();
        FindSites(document.RootElement, document.RootElement, found);
        var (site, template) = Assert.Single(found);

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in site.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray())
        {
            settings.Add(setting.GetProperty("name").GetString()!, setting.GetProperty("value").ToString());
        }

        var variables = template.TryGetProperty("variables", out var v) ? v.Clone() : default;
        return (settings, variables);
    }

    /// <summary>Finds Microsoft.Web/sites resources in a template and its nested module templates.</summary>
    private static void FindSites(JsonElement template, JsonElement element, List<(JsonElement, JsonElement)> found)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                FindSites(template, item, found);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
            && string.Equals(type.GetString(), "Microsoft.Web/sites", StringComparison.OrdinalIgnoreCase))
        {
            found.Add((element.Clone(), template.Clone()));
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            // A module's inline template starts a new scope for variables.
            var scope = property.NameEquals("template") && property.Value.ValueKind == JsonValueKind.Object
                ? property.Value
                : template;
            FindSites(scope, property.Value, found);
        }
    }

    private static string Resolve(string value, JsonElement variables)
    {
        const string prefix = "[variables('";
        if (variables.ValueKind == JsonValueKind.Object && value.StartsWith(prefix, StringComparison.Ordinal) && value.EndsWith("')]", StringComparison.Ordinal))
        {
            var name = value[prefix.Length..^3];
            if (variables.TryGetProperty(name, out var resolved))
            {
                return resolved.ToString();
            }
        }

        return value;
    }

    private static string Section(string appSettingName)
    {
        var separator = appSettingName.LastIndexOf("__", StringComparison.Ordinal);
        return separator < 0 ? "" : appSettingName[..separator];
    }

    private static string ToAppSettingName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static HashSet<string> ToSet(IEnumerable<string> names) => new(names, StringComparer.OrdinalIgnoreCase);
}
