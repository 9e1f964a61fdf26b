namespace Herald.Tests.Support;

/// <summary>One Herald shared by the tests of a class (<c>IClassFixture</c>), each test making its own app in it.</summary>
public sealed class HeraldHostFixture : IDisposable
{
    public HeraldHost Herald { get; } = new();
    public void Dispose() => Herald.Dispose();
}
