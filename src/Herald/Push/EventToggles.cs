using Herald.Catalog;

namespace Herald.Push;

/// <summary>One Allow switch of the console: an event type, or one conversation variant of a type that has them.</summary>
public sealed record EventToggle(CatalogEvent Event, string? Variant)
{
    public string Type => Event.Type;

    /// <summary>How monitoring and diagnostics name it: "message.created (group)".</summary>
    public string Name => Variant is null ? Event.Type : $"{Event.Type} ({Variant})";
}

/// <summary>
/// The Allow switches the console shows, one list for the Push page, Event Coverage and the
/// diagnostics: a type with conversation variants shows one switch per variant (its own whole-type
/// row is an API convenience with no switch), every other type shows one. Counting types instead
/// would miss a variant switched off, which silences pushes all the same.
/// </summary>
public static class EventToggles
{
    public static IReadOnlyList<EventToggle> Of(CatalogEvent e) =>
        e.ConversationVariants is { Count: > 0 } variants
            ? [.. variants.Keys.Order(StringComparer.Ordinal).Select(v => new EventToggle(e, v))]
            : [new EventToggle(e, null)];

    /// <summary>Whether the console shows a switch for this type and conversation type (null = the whole type).</summary>
    public static bool IsShown(CatalogEvent e, string? variant) => Of(e).Any(t => t.Variant == variant);
}
