extern alias functions;

using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Core;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FunctionsApp = functions::TicketBooking.Functions;

namespace TicketBooking.Tests.Support;

/// <summary>
/// The Functions app composed as its Program.cs composes it, with what the Functions host adds when it starts the worker:
/// the app's generated extension startup and its generated function metadata provider. Settings as in Azure
/// (infra/app/api.bicep) unless overridden. Never started: it only answers what the worker would report.
/// </summary>
public static class FunctionsAppHost
{
    public static Assembly Assembly { get; } = typeof(FunctionsApp.Hosting.FunctionsHost).Assembly;

    /// <summary>The settings infra/app/api.bicep gives the app, with placeholder endpoints and secrets.</summary>
    public static IReadOnlyDictionary<string, string> AzureSettings { get; } = new Dictionary<string, string>
    {
        ["Data:Provider"] = "Cosmos",
        ["Cosmos:AccountEndpoint"] = "https://cosmos.invalid:443/",
        ["Cosmos:DatabaseName"] = "ticketbooking",
        ["Search:Provider"] = "AzureAISearch",
        ["Search:Endpoint"] = "https://search.invalid",
        ["Search:IndexName"] = "events",
        ["Payments:Provider"] = "Stripe",
        ["Stripe:SecretKey"] = "sk_test_placeholder",
        ["Stripe:WebhookSecret"] = "whsec_placeholder",
        ["Auth:Authority"] = "https://login.invalid/tenant/v2.0",
        ["Auth:Audience"] = "api://ticketbooking",
        ["Auth:Issuer"] = "https://login.invalid/tenant/v2.0",
        ["Auth:Algorithms"] = "RS256",
        ["WaitingRoom:Queue:Provider"] = "ServiceBus",
        ["WaitingRoom:Queue:FullyQualifiedNamespace"] = "sb.invalid",
        ["WaitingRoom:Queue:QueueName"] = "joins",
        ["WaitingRoom:PassSigningKey"] = Convert.ToBase64String(new byte[32]),
        ["Tickets:SigningKey"] = Convert.ToBase64String(new byte[32]),
    };

    /// <summary>What the Functions host passes a worker it starts (the worker's services need them to be built; nothing connects).</summary>
    private static readonly Dictionary<string, string> WorkerStartup = new()
    {
        ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:1",
        ["Functions:Worker:WorkerId"] = "worker",
        ["Functions:Worker:RequestId"] = "request",
        ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
    };

    public static IHost Build(IReadOnlyDictionary<string, string>? settings = null)
    {
        var args = (settings ?? AzureSettings).Concat(WorkerStartup).Select(s => $"--{s.Key}={s.Value}").ToArray();
        var builder = FunctionsApp.Hosting.FunctionsHost.Create(args);

        var executor = Assembly.GetCustomAttribute<WorkerExtensionStartupCodeExecutorInfoAttribute>()
            ?? throw new InvalidOperationException("The Functions app has no generated extension startup.");
        ((WorkerExtensionStartup)Activator.CreateInstance(executor.StartupCodeExecutorType)!).Configure(builder);

        var generatedProvider = Assembly.GetTypes().Single(t => t.Name == "GeneratedFunctionMetadataProvider");
        builder.Services.AddSingleton(typeof(IFunctionMetadataProvider), generatedProvider);
        return builder.Build();
    }

    /// <summary>Each function the worker reports to the Functions host, by name, with its trigger's binding type.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReportedFunctionsAsync(IHost host)
    {
        var manager = host.Services.GetRequiredService<IFunctionMetadataManager>();
        var functions = await manager.GetFunctionMetadataAsync(AppContext.BaseDirectory);
        return functions.ToDictionary(f => f.Name!, f => TriggerType(f), StringComparer.Ordinal);
    }

    private static string TriggerType(IFunctionMetadata function)
    {
        using var binding = System.Text.Json.JsonDocument.Parse(function.RawBindings![0]);
        return binding.RootElement.EnumerateObject()
            .Single(p => string.Equals(p.Name, "type", StringComparison.OrdinalIgnoreCase)).Value.GetString()!;
    }
}
