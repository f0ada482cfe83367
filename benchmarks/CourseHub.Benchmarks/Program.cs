using System.Globalization;
using CourseHub.Benchmarks;

// dotnet run -c Release --project benchmarks/CourseHub.Benchmarks -- outbox [N]
// dotnet run -c Release --project benchmarks/CourseHub.Benchmarks -- apply BASE_URL [N] [rounds|burst|all]
//   (against a site already started in the Benchmark environment, as benchmarks/run.sh does)
switch (args)
{
    case ["outbox", ..] when args.Length == 1 || int.TryParse(args[1], out _):
        var messages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        return await OutboxBenchmark.RunAsync(messages);
    case ["apply", var site, ..] when Uri.TryCreate(site, UriKind.Absolute, out var baseUri)
        && (args.Length < 3 || int.TryParse(args[2], out _))
        && (args.Length < 4 || args[3] is "rounds" or "burst" or "all"):
        var applications = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        var part = args.Length > 3 ? args[3] : "all";
        return await ApplicationBenchmark.RunAsync(baseUri, applications, rounds: part is "rounds" or "all", burst: part is "burst" or "all");
    default:
        Console.Error.WriteLine("usage: CourseHub.Benchmarks outbox [N]   (N messages per run, default 2000)");
        Console.Error.WriteLine("       CourseHub.Benchmarks apply BASE_URL [N] [rounds|burst|all]   (N applications per round, default 500)");
        return 2;
}
