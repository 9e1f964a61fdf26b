using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Herald.Apps;

/// <summary>
/// Declares the optional Idempotency-Key header on every operation that takes it (the POSTs under an app,
/// ingest aside), from the same rule the access guard applies, so the document cannot list another set.
/// </summary>
internal sealed class IdempotencyKeyOpenApi : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var description = context.Description;
        if (description.RelativePath?.StartsWith("v1/apps/{app}/", StringComparison.Ordinal) != true
            || !IdempotentRequests.Applies(description.ActionDescriptor.EndpointMetadata)) return Task.CompletedTask;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotentRequests.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "1-255 printable ASCII characters. A retry with the same key and request within Herald:Api:IdempotencyWindow (24 h) " +
                          "gets the first 2xx answer again with Idempotent-Replayed: true; another request under the key is 422, one still running 409.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotentRequests.MaxKeyLength },
        });
        return Task.CompletedTask;
    }
}
