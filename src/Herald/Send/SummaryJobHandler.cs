using Herald.Storage;

namespace Herald.Send;

/// <summary>
/// Runs "summary" jobs: the one push that stands for the pushes the per-user throttle collapsed. Sent and counted
/// like any push; <see cref="PushSender"/> fills in how many it stands for.
/// </summary>
public sealed class SummaryJobHandler(IHeraldStore store, PushSender sender) : PushJobHandler(store, sender)
{
    public override string Kind => "summary";
}
