using System.Collections.Concurrent;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Benchmarks;

/// <summary>
/// Baselines for the benchmark harness, mapped only in the Benchmark environment:
/// <c>/bench/bytes?path=/courses/x</c> serves the very bytes of that page from memory, and
/// <c>/bench/hash</c> verifies the benchmark account's password hash once, the whole cost a sign-in
/// should have. The Benchmark environment also has an account to sign in with.
/// For the application benchmark: <c>POST /bench/applicants?count=N</c> ensures N applicant accounts,
/// <c>POST /bench/applications/reset?course=slug</c> deletes a course's applications and their outbox
/// rows between rounds, <c>GET /bench/applications/stats?course=slug</c> counts what was saved, and
/// <c>GET /bench/cpu</c> gives the CPU time the site's process has used, so that a round's cost per
/// request can be read apart from how busy the machine was.
/// </summary>
public static class BenchmarkBaselines
{
    public const string EnvironmentName = "Benchmark";
    public const string AccountEmail = "bench@coursehub.local";
    public const string AccountPassword = "benchmark passphrase";
    /// <summary>Applicant i (from 1) signs in as bench-applicant-0001@coursehub.local with <see cref="AccountPassword"/>.</summary>
    public const string ApplicantEmailFormat = "bench-applicant-{0:D4}@coursehub.local";

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

        // The application benchmark's set-up, anonymous because the harness calls it before anyone is
        // signed in (and it is only ever mapped here, in the Benchmark environment, which the harness
        // serves on 127.0.0.1). It is bookkeeping around the measurement, never part of what is timed.
        app.MapPost("/bench/applicants", async (int count, CourseHubDbContext db, ILookupNormalizer normalizer, TimeProvider clock) =>
        {
            if (count is < 1 or > 10_000) return Results.BadRequest("count must be between 1 and 10000");
            var emails = Enumerable.Range(1, count)
                .Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, ApplicantEmailFormat, i)).ToList();
            var normalized = emails.Select(e => normalizer.NormalizeEmail(e)).ToList();
            var existing = (await db.Users.Where(u => normalized.Contains(u.NormalizedEmail!)).Select(u => u.NormalizedEmail!).ToListAsync())
                .ToHashSet(StringComparer.Ordinal);
            var now = clock.GetUtcNow().UtcDateTime;
            var created = 0;
            for (var i = 0; i < emails.Count; i++)
            {
                if (existing.Contains(normalized[i])) continue;
                // Confirmed, and the bench account's own password hash: no PBKDF2 run per account here,
                // the sign-ins that follow pay it as a real sign-in does.
                db.Users.Add(new ApplicationUser
                {
                    UserName = emails[i], NormalizedUserName = normalizer.NormalizeName(emails[i]),
                    Email = emails[i], NormalizedEmail = normalized[i], EmailConfirmed = true,
                    PasswordHash = account.PasswordHash, SecurityStamp = Guid.NewGuid().ToString("N"),
                    ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true,
                    FullName = $"Applicant {i + 1}", Country = "CL", Institution = "CourseHub", Position = "Benchmark",
                    CreatedUtc = now,
                });
                created++;
            }
            await db.SaveChangesAsync();
            return Results.Ok(new { created, total = count });
        }).AllowAnonymous();

        app.MapPost("/bench/applications/reset", async (string course, CourseHubDbContext db) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var ids = await db.Applications.Where(a => a.Course!.Slug == course).Select(a => a.Id).ToListAsync();
            var keys = ids.SelectMany(id => new[] { $"{ApplicationMails.ReceivedKind}:{id}", $"{ApplicationMails.EndorsementRequestKind}:{id}" }).ToList();
            var outbox = 0;
            foreach (var chunk in keys.Chunk(500))
            {
                var messages = await db.OutboxMessages.Where(m => chunk.Contains(m.IdempotencyKey)).ToListAsync();
                db.OutboxMessages.RemoveRange(messages);
                outbox += messages.Count;
            }
            await db.SaveChangesAsync();
            var applications = await db.Applications.Where(a => a.Course!.Slug == course).ExecuteDeleteAsync();
            await transaction.CommitAsync();
            return Results.Ok(new { applications, outbox });
        }).AllowAnonymous();

        app.MapGet("/bench/cpu", () => Results.Ok(new { milliseconds = Environment.CpuUsage.TotalTime.TotalMilliseconds })).AllowAnonymous();

        app.MapGet("/bench/applications/stats", async (string course, CourseHubDbContext db) =>
        {
            var ids = await db.Applications.Where(a => a.Course!.Slug == course).Select(a => a.Id).ToListAsync();
            var keys = ids.Select(id => $"{ApplicationMails.ReceivedKind}:{id}").ToList();
            var applicationChars = ids.Count == 0 ? 0 : await db.Applications.Where(a => a.Course!.Slug == course)
                .AverageAsync(a => (double)(a.Motivation.Length + a.RelationToWork.Length));
            var outboxRows = 0;
            var outboxChars = 0.0;
            foreach (var chunk in keys.Chunk(500))
            {
                var rows = db.OutboxMessages.Where(m => chunk.Contains(m.IdempotencyKey));
                var n = await rows.CountAsync();
                if (n > 0) outboxChars += await rows.SumAsync(m => (double)(m.Subject.Length + m.TextBody.Length + m.HtmlBody.Length));
                outboxRows += n;
            }
            return Results.Ok(new { applications = ids.Count, outbox = outboxRows, applicationChars, outboxChars = outboxRows == 0 ? 0 : outboxChars / outboxRows });
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
