using System.Collections.Concurrent;

namespace CourseHub.Web.Features.Benchmarks;

/// <summary>
/// Baselines for the benchmark harness, mapped only in the Benchmark environment:
/// <c>/bench/bytes?path=/courses/x</c> serves the very bytes of that page from memory, so the harness
/// can compare a real page with the cheapest possible response of the same size.
/// </summary>
public static class BenchmarkBaselines
{
    public const string EnvironmentName = "Benchmark";

    private sealed record Snapshot(byte[] Body, string ContentType);

    public static WebApplication MapBenchmarkBaselines(this WebApplication app)
    {
        if (!app.Environment.IsEnvironment(EnvironmentName)) return app;

        var snapshots = new ConcurrentDictionary<string, Snapshot>(StringComparer.Ordinal);
        var client = new HttpClient();
        app.MapGet("/bench/bytes", async (HttpContext context, string path) =>
        {
            if (!path.StartsWith('/')) return Results.BadRequest("path must start with /");
            if (!snapshots.TryGetValue(path, out var snapshot))
            {
                var url = $"{context.Request.Scheme}://{context.Request.Host}{path}";
                using var response = await client.GetAsync(url);
                snapshot = new Snapshot(
                    await response.Content.ReadAsByteArrayAsync(),
                    response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream");
                snapshots[path] = snapshot;
            }
            return Results.Bytes(snapshot.Body, snapshot.ContentType);
        }).AllowAnonymous();
        return app;
    }
}
