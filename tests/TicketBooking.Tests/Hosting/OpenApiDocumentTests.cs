extern alias functions;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using TicketBooking.Auth;
using TicketBooking.Http;
using TicketBooking.Tests.Booking;
using TicketBooking.Tests.Support;
using FunctionsApp = functions::TicketBooking.Functions;

namespace TicketBooking.Tests.Hosting;

/// <summary>
/// The OpenAPI document: the local host builds it from its endpoints, the Functions app serves the copy checked in as
/// docs/openapi/v1.json. These tests fail when a route of either host is missing from it, when the copy is stale, or
/// when a real answer does not validate against the schema the document gives for it. Regenerate the copy (and the
/// problem examples, real answers recorded here) with:
/// <c>UPDATE_OPENAPI=1 dotnet test TicketBooking.sln -c Release --filter FullyQualifiedName~OpenApiDocumentTests</c>.
/// </summary>
public sealed class OpenApiDocumentTests(LongHoldBookingHost host) : IClassFixture<LongHoldBookingHost>
{
    public const string UpdateVariable = "UPDATE_OPENAPI";

    private const string Regenerate = $"Regenerate it: {UpdateVariable}=1 dotnet test TicketBooking.sln -c Release --filter FullyQualifiedName~OpenApiDocumentTests";

    private static readonly string DocumentFile = Path.Combine(RepoPaths.Root, "docs", "openapi", "v1.json");
    private static readonly string ExamplesFile = Path.Combine(RepoPaths.Root, "docs", "openapi", "problem-examples.json");

    /// <summary>The document routes themselves are not described in it.</summary>
    private static readonly string[] NotDescribed = [$"GET {ApiRoutes.OpenApiDocument}"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    private async Task<JsonObject> ServedDocumentAsync(string path = "/openapi/v1.json")
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>The served document with the problem examples as the examples file has them now (it is embedded at build time).</summary>
    private async Task<string> ExpectedDocumentTextAsync()
    {
        var document = await ServedDocumentAsync();
        var examples = (JsonObject)JsonNode.Parse(File.ReadAllText(ExamplesFile))!;
        foreach (var (name, schema) in (JsonObject)document["components"]!["schemas"]!)
        {
            if (name.StartsWith("Problem", StringComparison.Ordinal) && schema!["properties"]?["type"]?["const"]?.GetValue<string>() is { } type)
            {
                ((JsonObject)schema).Remove("examples");
                if (examples[type] is { } example)
                {
                    schema["examples"] = new JsonArray(example.DeepClone());
                }
            }
        }

        return document.ToJsonString(Indented) + "\n";
    }

    private static JsonObject CheckedInDocument() => (JsonObject)JsonNode.Parse(File.ReadAllText(DocumentFile))!;

    /// <summary>Every operation of a document, as <c>"GET event/{eventId}"</c>.</summary>
    private static SortedSet<string> Operations(JsonObject document) =>
        new(((JsonObject)document["paths"]!).SelectMany(path => ((JsonObject)path.Value!).Select(op =>
            $"{op.Key.ToUpperInvariant()} {path.Key.TrimStart('/')[(ApiRoutes.Prefix.Length + 1)..]}")), StringComparer.Ordinal);

    [Fact]
    public async Task TheCheckedInDocumentIsTheOneTheLocalHostBuilds()
    {
        var expected = await ExpectedDocumentTextAsync();
        if (Updating)
        {
            await File.WriteAllTextAsync(DocumentFile, expected);
            return;
        }

        Assert.True(File.ReadAllText(DocumentFile).ReplaceLineEndings("\n") == expected, $"docs/openapi/v1.json is stale. {Regenerate}");
    }

    [Fact]
    public async Task TheDocumentIsOpenApi31AndServedUnderApiToo()
    {
        var served = await ServedDocumentAsync();
        var underApi = await ServedDocumentAsync("/" + ApiRoutes.Prefix + "/" + ApiRoutes.OpenApiDocument);

        Assert.StartsWith("3.1", served["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(served, underApi));
    }

    [Fact]
    public async Task EveryRouteOfTheLocalHostIsInTheDocument()
    {
        var documented = Operations(await ServedDocumentAsync());

        var missing = RouteParityTests.LocalRoutes(host.Services).Except(RouteParityTests.LocalOnly).Except(NotDescribed).Except(documented).ToList();

        Assert.True(missing.Count == 0, "Routes of the local host missing from the OpenAPI document: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryHttpFunctionOfTheFunctionsAppIsInTheDocumentItServes()
    {
        var documented = Operations(CheckedInDocument());

        var missing = RouteParityTests.FunctionRoutes().Except(NotDescribed).Except(documented).ToList();

        Assert.True(missing.Count == 0, $"HTTP functions missing from docs/openapi/v1.json: {string.Join(", ", missing)}. {Regenerate}");
    }

    [Fact]
    public void TheFunctionsAppServesTheCheckedInDocument()
    {
        if (Updating)
        {
            return; // the copy is being rewritten; the next build embeds it
        }

        var result = new FunctionsApp.Hosting.OpenApiFunctions().Get(new DefaultHttpContext().Request);

        var file = Assert.IsType<FileContentResult>(result);
        Assert.StartsWith("application/json", file.ContentType, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(DocumentFile), file.FileContents);
    }

    [Fact]
    public async Task TheReferencePageAndEveryAssetItLoadsComeFromTheLocalHost()
    {
        using var client = host.CreateClient();
        using var page = await client.GetAsync("/docs");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var assets = Regex.Matches(html, "(?:src|href)=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(assets);
        Assert.All(assets, asset => Assert.False(Uri.TryCreate(asset, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal),
            $"The reference page loads {asset} from elsewhere."));
        foreach (var asset in assets)
        {
            using var loaded = await client.GetAsync(new Uri(new Uri("http://localhost/docs/"), asset));
            Assert.True(loaded.IsSuccessStatusCode, $"{asset}: {loaded.StatusCode}");
        }

        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealAnswersValidateAgainstTheirSchemasInTheDocument()
    {
        var document = await ServedDocumentAsync();
        var answers = await RepresentativeAnswersAsync();
        var problems = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var answer in answers)
        {
            var failure = Validate(document, answer);
            if (failure is not null)
            {
                failures.Add(failure);
            }

            if (answer.ContentType == ProblemMapper.ContentType && answer.Body?["type"]?.GetValue<string>() is { } type)
            {
                problems.TryAdd(type, answer.Body);
            }
        }

        Assert.True(failures.Count == 0, "Answers that do not match the OpenAPI document:\n" + string.Join("\n", failures));
        Assert.True(problems.Count >= 10, $"Only {problems.Count} problem types were seen.");

        var examples = (JsonObject)JsonNode.Parse(File.ReadAllText(ExamplesFile))!;
        var withoutExample = problems.Keys.Where(type => examples[type] is null).ToList();
        if (Updating)
        {
            foreach (var type in withoutExample)
            {
                examples[type] = problems[type].DeepClone();
            }

            var sorted = new JsonObject(examples.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, e.Value?.DeepClone())));
            await File.WriteAllTextAsync(ExamplesFile, sorted.ToJsonString(Indented) + "\n");
            await File.WriteAllTextAsync(DocumentFile, await ExpectedDocumentTextAsync());
            return;
        }

        Assert.True(withoutExample.Count == 0, $"Problem types answered with no example in docs/openapi/problem-examples.json: {string.Join(", ", withoutExample)}. {Regenerate}");
    }

    private sealed record Answer(string Method, string Path, int Status, string? ContentType, JsonNode? Body);

    /// <summary>One call per kind of answer of the main routes: successes and the problems they give.</summary>
    private async Task<List<Answer>> RepresentativeAnswersAsync()
    {
        var answers = new List<Answer>();
        using var anonymous = host.CreateClient();
        using var ana = host.ClientFor("openapi-ana");
        using var ben = host.ClientFor("openapi-ben");
        using var organizer = host.ClientFor("openapi-org", Roles.Organizer);

        async Task<Answer> Send(HttpClient client, HttpMethod method, string path, object? body = null, string? rawBody = null, string contentType = "application/json")
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }
            else if (rawBody is not null)
            {
                request.Content = new StringContent(rawBody, Encoding.UTF8, contentType);
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var answer = new Answer(method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                text.Length == 0 ? null : JsonNode.Parse(text));
            answers.Add(answer);
            return answer;
        }

        var eventId = await host.AddEventAsync();
        await Send(anonymous, HttpMethod.Get, "/api/health");
        await Send(anonymous, HttpMethod.Get, "/api/health/ready");
        await Send(organizer, HttpMethod.Post, "/api/admin/events", Payloads.NewEvent());
        await Send(organizer, HttpMethod.Post, "/api/admin/events", rawBody: "{\"name\": ");
        await Send(ana, HttpMethod.Post, "/api/admin/events", Payloads.NewEvent());
        await Send(anonymous, HttpMethod.Get, $"/api/event/{eventId}");
        await Send(anonymous, HttpMethod.Get, "/api/event/evt-missing");
        await Send(anonymous, HttpMethod.Get, $"/api/event/{eventId}/tickets?section=A");
        await Send(anonymous, HttpMethod.Get, $"/api/event/{eventId}/tickets?section=Z");
        var held = await Send(ana, HttpMethod.Post, "/api/booking/reserve", new { eventId, ticketIds = new[] { "A-1-1", "A-1-2" } });
        var reservationId = held.Body!["reservationId"]!.GetValue<string>();
        await Send(ben, HttpMethod.Post, "/api/booking/reserve", new { eventId, ticketIds = new[] { "A-1-2" } });
        await Send(ben, HttpMethod.Post, "/api/booking/reserve", new { eventId, ticketIds = new[] { "Z-9-9" } });
        await Send(ben, HttpMethod.Post, "/api/booking/reserve", new { eventId });
        await Send(ben, HttpMethod.Post, "/api/booking/reserve", rawBody: "eventId=x", contentType: "text/plain");
        await Send(anonymous, HttpMethod.Post, "/api/booking/reserve", new { eventId, ticketIds = new[] { "A-2-1" } });
        var declined = await Send(ben, HttpMethod.Post, "/api/booking/reserve", new { eventId, section = "A", quantity = 1 });
        await Send(ben, HttpMethod.Put, "/api/booking/confirm", new { reservationId = declined.Body!["reservationId"]!.GetValue<string>(), paymentMethodId = "pm_card_chargeDeclined" });
        await Send(ana, HttpMethod.Get, $"/api/booking/{reservationId}");
        await Send(ana, HttpMethod.Put, "/api/booking/confirm", new { reservationId, paymentMethodId = "pm_card_visa" });
        await Send(ana, HttpMethod.Delete, $"/api/booking/{reservationId}");
        await Send(ben, HttpMethod.Get, $"/api/booking/{reservationId}");
        await Send(ana, HttpMethod.Get, "/api/bookings");
        await Send(ana, HttpMethod.Get, "/api/bookings?pageSize=0");
        await Send(anonymous, HttpMethod.Post, "/api/payments/stripe/webhook", rawBody: "{}");
        await Send(anonymous, HttpMethod.Get, "/api/search?search_term=test");
        await Send(anonymous, HttpMethod.Post, "/api/search?search_term=test");
        await Send(anonymous, HttpMethod.Get, "/api/search?date=someday");
        await Send(ana, HttpMethod.Post, "/api/admin/search/rebuild");
        await Send(anonymous, HttpMethod.Get, "/api/no-such-route");
        await Send(anonymous, HttpMethod.Delete, "/api/search");
        return answers;
    }

    /// <summary>Null when the answer matches the schema its operation and status have in the document; else why not.</summary>
    private static string? Validate(JsonObject document, Answer answer)
    {
        var operation = FindOperation(document, answer.Method, answer.Path);
        if (operation is null)
        {
            // Only routes that do not exist may be missing (their 404 and 405 answers are problems).
            return answer.ContentType == ProblemMapper.ContentType ? ValidateAgainst(document, answer, new JsonObject { ["$ref"] = "#/components/schemas/Problem" }) : $"{answer.Method} {answer.Path}: no such operation in the document";
        }

        var responses = (JsonObject)operation["responses"]!;
        var response = responses[answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? responses["default"];
        if (response is null)
        {
            return $"{answer.Method} {answer.Path}: status {answer.Status} is not documented";
        }

        if (answer.Body is null)
        {
            return null;
        }

        var schema = response["content"]?[answer.ContentType ?? ""]?["schema"];
        return schema is null
            ? $"{answer.Method} {answer.Path} {answer.Status}: no schema for {answer.ContentType}"
            : ValidateAgainst(document, answer, schema);
    }

    private static string? ValidateAgainst(JsonObject document, Answer answer, JsonNode schema)
    {
        var root = (JsonObject)Inline(schema, (JsonObject)document["components"]!["schemas"]!, 0);
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        var evaluation = JsonSchema.FromText(root.ToJsonString())
            .Evaluate(JsonDocument.Parse(answer.Body!.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (evaluation.IsValid)
        {
            return null;
        }

        var errors = (evaluation.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        return $"{answer.Method} {answer.Path} {answer.Status}: {string.Join("; ", errors)}\n  {answer.Body!.ToJsonString()}";
    }

    /// <summary>The schema with every <c>#/components/schemas/X</c> reference replaced by X itself (the API's types are not recursive).</summary>
    private static JsonNode Inline(JsonNode node, JsonObject schemas, int depth)
    {
        Assert.True(depth < 32, "The schemas nest too deep (a recursive reference?).");
        switch (node)
        {
            case JsonObject obj when obj["$ref"]?.GetValue<string>() is { } reference:
                const string prefix = "#/components/schemas/";
                Assert.StartsWith(prefix, reference, StringComparison.Ordinal);
                var target = schemas[reference[prefix.Length..]] ?? throw new Xunit.Sdk.XunitException($"{reference} is not in the document.");
                return Inline(target, schemas, depth + 1);
            case JsonObject obj:
                return new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Inline(p.Value, schemas, depth + 1))));
            case JsonArray array:
                return new JsonArray(array.Select(item => item is null ? null : Inline(item, schemas, depth + 1)).ToArray());
            default:
                return node.DeepClone();
        }
    }

    private static JsonObject? FindOperation(JsonObject document, string method, string path)
    {
        var plainPath = path.Split('?')[0];
        foreach (var (template, operations) in (JsonObject)document["paths"]!)
        {
            var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
            if (Regex.IsMatch(plainPath, pattern) && operations![method.ToLowerInvariant()] is JsonObject operation)
            {
                return operation;
            }
        }

        return null;
    }
}
