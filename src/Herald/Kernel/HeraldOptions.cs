namespace Herald.Kernel;

/// <summary>Section "Herald": identity and where local state lives.</summary>
public sealed class HeraldOptions
{
    public const string Section = "Herald";
    /// <summary>The root admin key; when unset Herald generates one on first start and prints it once.</summary>
    public string? AdminKey { get; set; }
    public string DataDirectory { get; set; } = "./data";
}
