using System.Collections.Concurrent;
using CourseHub.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace CourseHub.Web.Features.Benchmarks;

/// <summary>
/// Baselines for the benchmark harness, mapped only in the Benchmark environment:
/// <c>/bench/bytes?path=/courses/x</c> serves the very bytes of that page from memory, and
/// <c>/bench/hash</c> verifies the benchmark account's password hash once, the whole cost a sign-in
/// should have. The Benchmark environment also has an account to sign in with.
/// </summary>
public static class BenchmarkBaselines
{
    public const string EnvironmentName = "Benchmark";
    public const string AccountEmail = "bench@coursehub.local";
    public const string AccountPassword = "benchmark passphrase";

    private sealed record Snapshot(byte[] Body, string ContentType);

    public static async Task MapBenchmarkBaselinesAsync(this WebApplication app)
    {
        if (!app.Environment.IsEnvironment(EnvironmentName)) return;

        var account = await EnsureAccountAsync(app);
        var hasher = app.Services.GetRequiredService<IPasswordHasher<ApplicationUser>>();
        app.MapGet("/bench/hash", () =>
        {
            var result = hasher.VerifyHashedPassword(account, account.PasswordHash!, AccountPassword);
            return result == PasswordVerificationResult.Failed ? Results.StatusCode(500) : Results.Ok();
        }).AllowAnonymous();

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
    }

    private static async Task<ApplicationUser> EnsureAccountAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(AccountEmail);
        if (user is null)
        {
            user = new ApplicationUser
            {
                UserName = AccountEmail, Email = AccountEmail, EmailConfirmed = true, FullName = "Benchmark",
                Country = "CL", Institution = "CourseHub", Position = "Benchmark",
            };
            var created = await users.CreateAsync(user, AccountPassword);
            if (!created.Succeeded) throw new InvalidOperationException("The benchmark account could not be created.");
        }
        return user;
    }
}
