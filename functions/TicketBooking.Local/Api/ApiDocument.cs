using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using TicketBooking.Http;

namespace TicketBooking.Local.Api;

/// <summary>
/// The OpenAPI 3.1 document of the API, built from the local host's endpoints (every route under <c>/api</c> appears by
/// itself; <see cref="ApiOperations"/> adds what a route reads and answers), served at <c>/openapi/v1.json</c> and
/// <c>/api/openapi/v1.json</c>, and the Scalar reference at <c>/docs</c>. The Functions app serves the checked-in copy
/// (docs/openapi/v1.json; <c>OpenApiDocumentTests</c> fails when it is stale).
/// </summary>
internal static class ApiDocument
{
    public const string Name = "v1";
    public const string Path = "/openapi/v1.json";
    public const string DocsPath = "/docs";
    public const string BearerScheme = "Bearer";

    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        // The schemas follow the JSON the handlers write (ApiJson): camelCase enums, nulls left out.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = ApiJson.Options.DefaultIgnoreCondition;
            foreach (var converter in ApiJson.Options.Converters)
            {
                o.SerializerOptions.Converters.Add(converter);
            }
        });
        builder.Services.AddOpenApi(Name, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.ShouldInclude = description => RouteOf(description.HttpMethod, description.RelativePath) is { } route
                && !ApiOperations.Undocumented.Contains(route);
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeAsync);
            options.AddSchemaTransformer((schema, _, _) =>
            {
                OptionalWhenNull(schema);
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi(Path.Replace(Name, "{documentName}", StringComparison.Ordinal)).ExcludeFromDescription();
        // The same document under /api, where the Functions app (whose routes all live there) serves its copy.
        app.MapGet("/" + ApiRoutes.Prefix + "/" + ApiRoutes.OpenApiDocument, async ([FromKeyedServices(Name)] IOpenApiDocumentProvider provider, CancellationToken cancellationToken) =>
        {
            var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            document.SerializeAsV31(new OpenApiJsonWriter(text));
            return Results.Text(text.ToString(), "application/json;charset=utf-8");
        }).ExcludeFromDescription();
        // Scalar's page and scripts are embedded in its package; no web fonts, no telemetry: the page loads nothing from elsewhere.
        app.MapScalarApiReference(DocsPath, o => o.WithTitle("TicketBooking API").WithOpenApiRoutePattern(Path).DisableDefaultFonts().DisableTelemetry());
        return app;
    }

    /// <summary><c>"GET booking/{reservationId}"</c> for a route under <c>/api</c>; null for any other path.</summary>
    public static string? RouteOf(string? method, string? relativePath) =>
        method is not null && relativePath is not null && relativePath.StartsWith(ApiRoutes.Prefix + "/", StringComparison.Ordinal)
            ? $"{method.ToUpperInvariant()} {relativePath[(ApiRoutes.Prefix.Length + 1)..]}"
            : null;

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "TicketBooking API",
            Version = "v1",
            Description = "Search events, view seats, reserve (a 10-minute hold) and confirm with payment. Errors are "
                + "application/problem+json (RFC 9457) with a stable `type`; docs/api.md describes each route and problem type.",
        };
        document.Servers = [];
        // The tags the operations use, in order (not the host's name, which every endpoint has until DescribeAsync replaces it).
        document.Tags = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).Distinct().Order(StringComparer.Ordinal)
            .Select(name => new OpenApiTag { Name = name }).ToHashSet();
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An OIDC access token (in Azure) or a development token from POST /api/dev/token (local runs).",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in ProblemSchemas.All(document))
        {
            document.Components.Schemas[name] = schema;
        }
    }

    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var route = RouteOf(context.Description.HttpMethod, context.Description.RelativePath);
        operation.Responses ??= new OpenApiResponses();
        if (route is not null && ApiOperations.ByRoute.TryGetValue(route, out var described))
        {
            operation.Summary = described.Summary;
            operation.Tags = new HashSet<OpenApiTagReference> { new(described.Tag, context.Document) };
            if (described.Body is { } body)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await SchemaOfAsync(body, context, cancellationToken) } },
                };
            }

            operation.Parameters ??= [];
            foreach (var name in described.Query)
            {
                operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
            }

            if (route == $"POST {ApiRoutes.Reserve}")
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "Idempotency-Key", In = ParameterLocation.Header, Description = "Makes a repeated reserve answer with the first one's reservation.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
                });
            }

            if (described.SignedIn)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            }

            operation.Responses.Clear();
            foreach (var response in described.Responses)
            {
                operation.Responses[response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response.Type is { } type
                    ? new OpenApiResponse
                    {
                        Description = response.Description,
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await SchemaOfAsync(type, context, cancellationToken) } },
                    }
                    : response.Status >= 400 ? ProblemSchemas.Response(response.Description, context.Document) : new OpenApiResponse { Description = response.Description };
            }
        }

        operation.Responses["default"] = ProblemSchemas.Response("Any other failure, as problem+json.", context.Document);
    }

    /// <summary>The handlers leave null members out of their JSON (ApiJson): a member that may be null is not required.</summary>
    private static void OptionalWhenNull(OpenApiSchema schema)
    {
        if (schema.Required is not { Count: > 0 } required || schema.Properties is null)
        {
            return;
        }

        foreach (var (name, property) in schema.Properties)
        {
            if (property.Type is { } type && type.HasFlag(JsonSchemaType.Null)
                || property.OneOf?.Any(s => s.Type is JsonSchemaType.Null) == true || property.AnyOf?.Any(s => s.Type is JsonSchemaType.Null) == true)
            {
                required.Remove(name);
            }
        }
    }

    /// <summary>A reference to the component schema of <paramref name="type"/> (added under the type's name).</summary>
    private static async Task<IOpenApiSchema> SchemaOfAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        context.Document!.AddComponent(type.Name, schema);
        return new OpenApiSchemaReference(type.Name, context.Document);
    }
}
