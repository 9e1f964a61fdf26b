using Microsoft.Extensions.Options;

namespace Herald.Kernel;

/// <summary>Collects every problem of an options section, so one start names them all rather than the first.</summary>
public static class OptionErrors
{
    /// <summary>Runs a check that throws <see cref="FormatException"/> with a message for the operator (a bad duration, say).</summary>
    public static void Check(List<string> errors, Action check)
    {
        try { check(); }
        catch (FormatException ex) { errors.Add(ex.Message); }
    }

    public static ValidateOptionsResult Validation(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
}
