extern alias functions;

using System.Reflection;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TicketBooking.Auth;
using TicketBooking.Configuration;
using TicketBooking.Hosting;
using TicketBooking.Payments;
using TicketBooking.Testing;
using FunctionsApp = functions::TicketBooking.Functions;

namespace TicketBooking.Tests.Hosting;

/// <summary>
/// The Functions app fails closed: it refuses to start while a local-only setting is set, a required Azure setting is
/// missing, or a secret is not of its expected form; the message names the setting. A complete Azure configuration starts.
/// </summary>
public sealed class AzureSettingsTests
{
    /// <summary>What infra/app/api.bicep gives the app, with placeholder values of the right form.</summary>
    private static Dictionary<string, string?> GoodAzureSettings() => new()
    {
        ["Data:Provider"] = "Cosmos",
        ["Cosmos:AccountEndpoint"] = "https://account.documents.azure.com:443/",
        ["Cosmos:DatabaseName"] = "ticketbooking",
        ["Cosmos:ConnectionMode"] = "Direct",
        ["Cosmos:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        ["Search:Provider"] = "AzureAISearch",
        ["Search:Endpoint"] = "https://search.search.windows.net",
        ["Search:IndexName"] = "events",
        ["Search:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        ["Payments:Provider"] = "Stripe",
        ["Stripe:SecretKey"] = "sk_live_0123456789abcdefghijklmn",
        ["Stripe:WebhookSecret"] = "whsec_0123456789abcdefghijklmn",
        ["Auth:Authority"] = "https://login.microsoftonline.com/tenant-id/v2.0",
        ["Auth:Audience"] = "api://ticketbooking",
        ["Auth:Issuer"] = "https://login.microsoftonline.com/tenant-id/v2.0",
        ["Auth:Algorithms"] = "RS256",
        ["Booking:HoldDuration"] = "00:10:00",
        ["Booking:MaxTicketsPerUser"] = "8",
        ["Booking:PaymentGrace"] = "00:03:00",
        ["WaitingRoom:Queue:Provider"] = "ServiceBus",
        ["WaitingRoom:Queue:FullyQualifiedNamespace"] = "sb-name.servicebus.windows.net",
        ["WaitingRoom:Queue:QueueName"] = "joins",
        ["WaitingRoom:Queue:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        ["WaitingRoom:PassSigningKey"] = Convert.ToBase64String(new byte[32]),
        ["Tickets:SigningKey"] = Convert.ToBase64String(new byte[32]),
    };

    private const string KeyVaultReference = "@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/stripe-secret-key/)";

    /// <summary>The Functions app's composition as Program.cs writes it, built but not run.</summary>
    private static IHost BuildFunctionsHost(IDictionary<string, string?> settings)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        // The test's output folder holds the local host's appsettings.json, which a deployed Functions app does not have.
        foreach (var json in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
        {
            builder.Configuration.Sources.Remove(json);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddTicketBooking(builder.Configuration);
        builder.Services.RefuseLocalOnlySettings();
        return builder.Build();
    }

    /// <summary>The checks the host runs first when it starts (every ValidateOnStart options class).</summary>
    private static void RunStartChecks(IHost host) => host.Services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>The start checks fail; returns every failure message (several options classes may fail at once).</summary>
    private static string StartFails(Action<Dictionary<string, string?>> change)
    {
        var settings = GoodAzureSettings();
        change(settings);
        using var host = BuildFunctionsHost(settings);
        var ex = Record.Exception(() => RunStartChecks(host));
        var failures = ex switch
        {
            OptionsValidationException one => [one],
            AggregateException all => all.InnerExceptions.Select(e => Assert.IsType<OptionsValidationException>(e)).ToList(),
            _ => throw new Xunit.Sdk.XunitException($"Start did not fail on options validation: {ex}"),
        };
        return string.Join(Environment.NewLine, failures.SelectMany(f => f.Failures));
    }

    [Fact]
    public void ACompleteAzureConfigurationStarts()
    {
        using var host = BuildFunctionsHost(GoodAzureSettings());

        RunStartChecks(host);

        Assert.IsType<StripePaymentGateway>(host.Services.GetRequiredService<IPaymentGateway>());
        Assert.NotNull(host.Services.GetRequiredService<Authenticator>());
    }

    [Theory]
    [InlineData("Auth:SigningKey", "c2lnbmluZy1rZXktZm9yLWxvY2FsLXJ1bnMtb25seS0wMDA=")]
    [InlineData("Cosmos:AccountKey", "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==")]
    [InlineData("Cosmos:LocalServer", "true")]
    [InlineData("Cosmos:CreateIfNotExists", "true")]
    [InlineData("Stripe:ApiBase", "http://127.0.0.1:12111")]
    [InlineData("Search:IndexPath", "/tmp/index")]
    [InlineData("WaitingRoom:Queue:ConnectionString", "Endpoint=sb://127.0.0.1:5672;SharedAccessKeyName=x;SharedAccessKey=y;UseDevelopmentEmulator=true")]
    [InlineData("WaitingRoom:Queue:Capacity", "10")]
    [InlineData("WaitingRoom:DevelopmentPassSigningKey", "bG9jYWwtb25seS13YWl0aW5nLXJvb20tcGFzcy1rZXktZG8tbm90LXVzZQ==")]
    [InlineData("Tickets:DevelopmentSigningKey", "bG9jYWwtb25seS10aWNrZXQtc2lnbmluZy1rZXktZG8tbm90LXVzZS0wMDA=")]
    public void ALocalOnlySettingStopsTheStartNamingIt(string setting, string value)
    {
        var message = StartFails(s => s[setting] = value);

        Assert.Contains(setting, message, StringComparison.Ordinal);
        Assert.Contains("local runs only", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Payments:Provider", "Simulator")]
    [InlineData("Data:Provider", "InMemory")]
    [InlineData("Search:Provider", "Lucene")]
    [InlineData("WaitingRoom:Queue:Provider", "InProcess")]
    public void ALocalOnlyProviderStopsTheStartNamingIt(string setting, string value)
    {
        var message = StartFails(s => s[setting] = value);

        Assert.Contains($"{setting} is {value}", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Payments:Provider")]
    [InlineData("Data:Provider")]
    [InlineData("Auth:Audience")]
    [InlineData("Auth:Issuer")]
    [InlineData("Stripe:SecretKey")]
    [InlineData("Stripe:WebhookSecret")]
    [InlineData("WaitingRoom:PassSigningKey")]
    [InlineData("Tickets:SigningKey")]
    public void AMissingAzureSettingStopsTheStartNamingIt(string setting)
    {
        var message = StartFails(s => s.Remove(setting));

        Assert.Contains(setting, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Stripe:SecretKey", KeyVaultReference)]
    [InlineData("Stripe:SecretKey", "pk_live_0123456789abcdefghijklmn")]
    [InlineData("Stripe:SecretKey", "sk_live_0123456789 with spaces")]
    [InlineData("Stripe:WebhookSecret", KeyVaultReference)]
    [InlineData("Stripe:WebhookSecret", "sk_live_0123456789abcdefghijklmn")]
    public void AStripeSecretOfTheWrongFormStopsTheStartNamingIt(string setting, string value)
    {
        var message = StartFails(s => s[setting] = value);

        Assert.Contains(setting, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bm90IGxvbmcgZW5vdWdo")]
    [InlineData("not base64 at all")]
    public void AWeakOrMalformedPassSigningKeyStopsTheStart(string key)
    {
        var message = StartFails(s => s["WaitingRoom:PassSigningKey"] = key);

        Assert.Contains("WaitingRoom:PassSigningKey", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS256,none")]
    [InlineData("")]
    public void AlgorithmsOtherThanAsymmetricSignaturesStopTheStart(string algorithms)
    {
        var message = StartFails(s => s["Auth:Algorithms"] = algorithms);

        Assert.Contains("Auth:Algorithms", message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAuthorityOverPlainHttpStopsTheStart()
    {
        var message = StartFails(s => s["Auth:Authority"] = "http://login.example.com/tenant");

        Assert.Contains("Auth:Authority", message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryLocalOnlyFailureIsReportedAtOnce()
    {
        var message = StartFails(s =>
        {
            s["Cosmos:LocalServer"] = "true";
            s["Cosmos:AccountKey"] = "key";
        });

        Assert.Contains("Cosmos:LocalServer", message, StringComparison.Ordinal);
        Assert.Contains("Cosmos:AccountKey", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFunctionsEntryPointRefusesALocalOnlySetting()
    {
        // Program.cs itself, run with a complete Azure configuration plus the development signing key: it must stop
        // at start, before it would wait for the Functions host.
        var entryPoint = typeof(FunctionsApp.Hosting.HealthFunctions).Assembly.EntryPoint!;
        var settings = GoodAzureSettings();
        settings["Auth:SigningKey"] = "c2lnbmluZy1rZXktZm9yLWxvY2FsLXJ1bnMtb25seS0wMDA=";
        settings["Functions:Worker:HostEndpoint"] = $"http://127.0.0.1:{Loopback.PortFreeNow()}";
        var args = settings.Select(s => $"--{s.Key}={s.Value}").ToArray();

        var ex = Assert.Throws<TargetInvocationException>(() => entryPoint.Invoke(null, [args]));

        var validation = ex.InnerException as OptionsValidationException;
        Assert.True(validation is not null, $"Start did not fail on options validation: {ex.InnerException}");
        Assert.Contains("Auth:SigningKey", validation.Message, StringComparison.Ordinal);
    }
}
