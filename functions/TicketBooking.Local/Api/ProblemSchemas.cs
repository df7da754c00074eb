using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using TicketBooking.Http;

namespace TicketBooking.Local.Api;

/// <summary>
/// The problem+json answers in the API description: a <c>Problem</c> schema (RFC 9457 and this API's extensions) and one
/// schema per problem type of <see cref="ProblemTypes"/>, each with a real answer as its example when the test suite
/// recorded one (docs/openapi/problem-examples.json).
/// </summary>
internal static class ProblemSchemas
{
    public const string Problem = "Problem";

    private static readonly Lazy<JsonObject> Examples = new(() =>
    {
        using var stream = typeof(ProblemSchemas).Assembly.GetManifestResourceStream("problem-examples.json")
            ?? throw new InvalidOperationException("The problem examples are not embedded.");
        return (JsonObject)JsonNode.Parse(stream)!;
    });

    /// <summary>Every problem type (its URI) by the name of its <see cref="ProblemTypes"/> constant.</summary>
    public static IReadOnlyDictionary<string, string> Types { get; } = typeof(ProblemTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    public static IEnumerable<(string Name, IOpenApiSchema Schema)> All(OpenApiDocument document)
    {
        yield return (Problem, Base());
        foreach (var (name, type) in Types.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var schema = new OpenApiSchema
            {
                Description = $"The problem of type `{type}`.",
                AllOf = [new OpenApiSchemaReference(Problem, document)],
                Properties = new Dictionary<string, IOpenApiSchema> { ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = type } },
            };
            if (Examples.Value[type] is { } example)
            {
                schema.Examples = [example.DeepClone()];
            }

            yield return (Problem + name, schema);
        }
    }

    /// <summary>A problem+json response whose body is any of the problem types.</summary>
    public static OpenApiResponse Response(string description, OpenApiDocument? document) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemMapper.ContentType] = new() { Schema = new OpenApiSchemaReference(Problem, document) },
        },
    };

    private static OpenApiSchema Base() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. `type` names the kind of failure (one of the Problem* schemas); other members carry its details.",
        Required = new HashSet<string> { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Types.Values.Order(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t)).ToList() },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "400", Maximum = "599" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "For a validation problem: the messages for each invalid field.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}
