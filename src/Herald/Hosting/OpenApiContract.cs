using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Herald.Apps;
using Herald.Kernel;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Herald.Hosting;

/// <summary>
/// What /openapi/v1.json says beyond what the generator infers, so a generated client can be typed from it:
/// the bearer key scheme on every guarded operation (the guard, Apps/AppAccessFilter.cs, also declares its
/// 401/403/404/400/413/415/409/422 problems as metadata), request bodies that require only what Herald
/// requires, and the closed sets of values as enums. Each operation's name and summary are on its Map call.
/// tests/Herald.Tests/Hosting/OpenApiContractTests checks the result; test.sh lints it and type-checks a generated client against it.
/// </summary>
internal static class OpenApiContract
{
    public const string SecurityScheme = "bearerKey";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            // The server is the request's own address; a base URL with a trailing slash doubles the slash of every path.
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            document.Info.Title = "Herald";
            document.Info.Description = "Webhook and push-notification delivery. Errors are RFC 9457 problems (application/problem+json).";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            // Apps/KeyAuthenticator.cs reads "Authorization: Bearer <key>": the root admin key or an app's hk_ key.
            document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The root admin key (Herald:AdminKey) or a key made by POST /v1/apps/{app}/keys (scope admin or ingest).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer<IdempotencyKeyOpenApi>();
        options.AddOperationTransformer((operation, context, _) =>
        {
            // A public operation (the catalog) says so with an empty list, rather than leaving it unsaid.
            operation.Security = context.Description.ActionDescriptor.EndpointMetadata.OfType<AppAccess.KeyRequired>().Any()
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = [] }]
                : [];
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer(RequestBodyRequiredFields);
        options.AddSchemaTransformer(ClosedSets);
        options.AddSchemaTransformer(DocumentedJsonElements);
        // A free-form object (an event's data) takes any members; without this a generator reads "no properties".
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(JsonObject)) schema.AdditionalProperties = new OpenApiSchema();
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Herald's request records are nullable so that it can name every missing field in one 400, and the generator
    /// would mark all their constructor parameters required. In a request body a property is required only when it
    /// is not nullable (nor a raw JsonElement) or carries [Required]; a [Required] one is not nullable either.
    /// </summary>
    private static Task RequestBodyRequiredFields(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.ParameterDescription?.Source != BindingSource.Body
            || context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null) return Task.CompletedTask;
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            var marked = property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;
            // A raw JsonElement is how a record tells an absent member from null: it is never required.
            if (!marked && (property.IsSetNullable || property.PropertyType == typeof(System.Text.Json.JsonElement))) continue;
            required.Add(property.Name);
            if (schema.Properties.TryGetValue(property.Name, out var p) && p is OpenApiSchema ps && ps.Type is { } type)
                ps.Type = type & ~JsonSchemaType.Null;
        }
        schema.Required = required;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A JsonElement member (kept raw so that absent, null and a value differ) is documented as the type it takes,
    /// nullable (null clears it), in place of the generator's "any JSON".
    /// </summary>
    private static async Task DocumentedJsonElements(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null) return;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (property.AttributeProvider?.GetCustomAttributes(typeof(DocumentedAsAttribute), inherit: true) is not [DocumentedAsAttribute documented]) continue;
            var typed = await context.GetOrCreateSchemaAsync(documented.Type, context.ParameterDescription, ct);
            typed.Type |= JsonSchemaType.Null;
            schema.Properties[property.Name] = typed;
        }
    }

    /// <summary>[ClosedSet] names the array the code checks against, so the document's enum and the check are one list.</summary>
    private static Task ClosedSets(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        // A body's property, or a query parameter of the handler itself.
        var attributes = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(ClosedSetAttribute), inherit: true)
            ?? (context.ParameterDescription?.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo.GetCustomAttributes(typeof(ClosedSetAttribute), inherit: true);
        if (attributes is not [ClosedSetAttribute set]) return Task.CompletedTask;
        var target = schema.Items is OpenApiSchema items && schema.Type?.HasFlag(JsonSchemaType.Array) == true ? items : schema;
        target.Enum = [.. set.Values.Select(v => (JsonNode)JsonValue.Create(v)!)];
        if (target.Type?.HasFlag(JsonSchemaType.Null) == true) target.Enum.Add(null!);
        return Task.CompletedTask;
    }
}
