using System.Reflection;

namespace Herald.Kernel;

// Read by OpenApiContract's schema transformers; here, apart from it, because request records in every feature carry them.

/// <summary>The JsonElement property takes this type's JSON (or null): its OpenAPI schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class DocumentedAsAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}

/// <summary>The property takes one of the strings in <c>owner.member</c> (a static string array): an enum in the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class ClosedSetAttribute(Type owner, string member) : Attribute
{
    public IReadOnlyList<string> Values { get; } =
        (owner.GetField(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
         ?? owner.GetProperty(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)) as string[]
        ?? throw new InvalidOperationException($"{owner.Name}.{member} is not a static string[].");
}
