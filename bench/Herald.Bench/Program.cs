using Herald.Bench;

return await BenchRunner.MainAsync(args);
