using Microsoft.Extensions.Options;

namespace Herald.Retention;

public static class RetentionServices
{
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        builder.Services.AddSingleton<RetentionSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        return builder;
    }

    private sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
    {
        public ValidateOptionsResult Validate(string? name, RetentionOptions o)
        {
            var errors = new List<string>();
            Check(errors, () => o.PeriodValue, TimeSpan.FromMinutes(1), "Herald:Retention:Period");
            Check(errors, () => o.SweepIntervalValue, TimeSpan.FromSeconds(1), "Herald:Retention:SweepInterval");
            Check(errors, () => o.RollupPeriodValue, TimeSpan.FromDays(1), "Herald:Retention:RollupPeriod");
            if (o.BatchSize is < 10 or > 100_000) errors.Add("Herald:Retention:BatchSize must be 10-100000.");
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        private static void Check(List<string> errors, Func<TimeSpan> value, TimeSpan least, string key)
        {
            try
            {
                if (value() < least) errors.Add($"{key} must be at least {least}.");
            }
            catch (FormatException ex) { errors.Add(ex.Message); }
        }
    }
}
