namespace Herald.Tests.Support;

/// <summary>A test class with its own Herald, one app in it, and a root-key client (which may do anything).</summary>
public abstract class OneAppTest : IAsyncLifetime
{
    protected HeraldHost Herald { get; } = new();
    protected HttpClient Root { get; private set; } = null!;
    protected string App { get; private set; } = "";

    public async Task InitializeAsync()
    {
        (App, var admin) = await Herald.CreateAppAsync();
        admin.Dispose();
        Root = Herald.Root();
    }

    public Task DisposeAsync()
    {
        Root.Dispose();
        Herald.Dispose();
        return Task.CompletedTask;
    }
}
