using CourseHub.Benchmarks;

// dotnet run -c Release --project benchmarks/CourseHub.Benchmarks -- outbox [N]
if (args is not ["outbox", ..] || (args.Length > 1 && !int.TryParse(args[1], out _)))
{
    Console.Error.WriteLine("usage: CourseHub.Benchmarks outbox [N]   (N messages per run, default 2000)");
    return 2;
}
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000;
return await OutboxBenchmark.RunAsync(count);
