using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Applications;
using CourseHub.Web.Infrastructure.Email.Templates;
using CourseHub.Web.Tests.Accounts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CourseHub.Web.Tests.Applications;

/// <summary>
/// Applications that arrive while a commit is under way are stored together in the next one. Each test
/// holds SQLite's write lock from another connection, so that the first submission's commit waits and the
/// others queue behind it, then lets go.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TestSite _site = Enrolment.SiteWithCourse(settings: TestSite.Sqlite);

    public void Dispose() => _site.Dispose();

    private ApplicationGroupCommit GroupCommit => _site.Services.GetRequiredService<ApplicationGroupCommit>();

    [Fact]
    public async Task Submissions_queued_behind_a_commit_are_each_stored_with_their_audit_row_and_mail_and_a_repeat_gets_the_first()
    {
        var course = await CourseAsync();
        var (first, second, third) = (await _site.CreateAsync("first@gob.cl"), await _site.CreateAsync("second@gob.cl"), await _site.CreateAsync("third@gob.cl"));

        var commitsBefore = GroupCommit.Commits;

        var results = await QueuedBehindACommitAsync(
            Submit(course, first),
            [Submit(course, second), Submit(course, second), Submit(course, third)]);

        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Applied, ApplyOutcome.AlreadyApplied, ApplyOutcome.Applied], results.Select(r => r.Outcome));
        Assert.Equal(2, GroupCommit.Commits - commitsBefore);   // the first alone, then the three that queued behind it
        Assert.Equal(results[1].ApplicationId, results[2].ApplicationId);
        var stored = await _site.WithDbAsync(db => db.Applications.Include(a => a.User).ToDictionaryAsync(a => a.Id, a => a.User!.Email));
        Assert.Equal(new Dictionary<int, string?>
        {
            [results[0].ApplicationId!.Value] = "first@gob.cl", [results[1].ApplicationId!.Value] = "second@gob.cl", [results[3].ApplicationId!.Value] = "third@gob.cl",
        }, stored);
        await AssertEachHasItsAuditRowAndMailAsync(stored);
    }

    [Fact]
    public async Task A_person_who_has_applied_since_their_check_is_answered_with_that_application_and_the_others_are_stored()
    {
        var course = await CourseAsync();
        var first = await _site.CreateAsync("first@gob.cl");
        var storedBefore = (await _site.AddApplicantsAsync(1, prefix: "early")).Single();
        var early = await _site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "early0@gob.test"));
        var late = await _site.CreateAsync("late@gob.cl");

        var results = await QueuedBehindACommitAsync(Submit(course, first), [Submit(course, early), Submit(course, late)]);

        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.AlreadyApplied, ApplyOutcome.Applied], results.Select(r => r.Outcome));
        Assert.Equal(storedBefore, results[1].ApplicationId);
        var newlyStored = await _site.WithDbAsync(db => db.Applications.Where(a => a.Id != storedBefore).Include(a => a.User).ToDictionaryAsync(a => a.Id, a => a.User!.Email));
        Assert.Equal(new Dictionary<int, string?> { [results[0].ApplicationId!.Value] = "first@gob.cl", [results[2].ApplicationId!.Value] = "late@gob.cl" }, newlyStored);
        await AssertEachHasItsAuditRowAndMailAsync(newlyStored);
        Assert.Equal(0, await _site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "early0@gob.test")));
        Assert.Empty(_site.LoggedErrors);   // answered from what is stored, not from the unique index's refusal
    }

    [Fact]
    public async Task A_submission_the_database_refuses_fails_alone()
    {
        var course = await CourseAsync();
        var (first, broken, other) = (await _site.CreateAsync("first@gob.cl"), await _site.CreateAsync("broken@gob.cl"), await _site.CreateAsync("other@gob.cl"));
        var missingCourse = course with { Id = course.Id + 1000 };

        var refused = Submit(missingCourse, broken);
        var results = await QueuedBehindACommitAsync(Submit(course, first), [Submit(course, other)], refused);

        await Assert.ThrowsAsync<DbUpdateException>(() => refused.Task);
        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Applied], results.Select(r => r.Outcome));
        var stored = await _site.WithDbAsync(db => db.Applications.Include(a => a.User).ToDictionaryAsync(a => a.Id, a => a.User!.Email));
        Assert.Equal(["first@gob.cl", "other@gob.cl"], stored.Values.Order());
        await AssertEachHasItsAuditRowAndMailAsync(stored);
    }

    /// <summary>A submission not started yet: started once the commit before it is under way.</summary>
    private sealed class Pending(Func<Task<ApplyResult>> start)
    {
        private Task<ApplyResult>? _task;
        public Task<ApplyResult> Task => _task ?? throw new InvalidOperationException("Not started.");
        public void Start() => _task = System.Threading.Tasks.Task.Run(start);
    }

    private Pending Submit(ApplyCourse course, ApplicationUser user) => new(() => GroupCommit.StoreAsync(course, user, new Application
    {
        CourseId = course.Id, UserId = user.Id, State = ApplicationState.Submitted, Motivation = "Motivated.", RelationToWork = "Related.",
        SubmittedUtc = TestSite.DefaultNow.UtcDateTime, Country = user.Country,
    }));

    /// <summary>
    /// Starts the first submission while another connection holds the write lock, queues the rest behind
    /// its commit, lets the lock go and returns the results of the ones expected to succeed, in order.
    /// </summary>
    private async Task<List<ApplyResult>> QueuedBehindACommitAsync(Pending first, List<Pending> queued, Pending? failing = null)
    {
        await using var other = new SqliteConnection($"Data Source={_site.DatabasePath}");
        await other.OpenAsync();
        await using (var hold = other.CreateCommand())
        {
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync();
        }
        first.Start();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(GroupCommit.Committing && GroupCommit.Waiting == 0))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "The first submission never started its commit.");
            await Task.Delay(10);
        }
        var behind = failing is null ? queued : [.. queued.Take(1), failing, .. queued.Skip(1)];
        foreach (var (submission, place) in behind.Select((s, i) => (s, i + 1)))
        {
            // One at a time, so that they queue in the order given.
            submission.Start();
            while (GroupCommit.Waiting < place)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "The later submissions never queued.");
                await Task.Delay(5);
            }
        }
        Assert.False(first.Task.IsCompleted);

        await using (var release = other.CreateCommand())
        {
            release.CommandText = "ROLLBACK";
            await release.ExecuteNonQueryAsync();
        }
        return [await first.Task, .. await Task.WhenAll(queued.Select(q => q.Task))];
    }

    private async Task AssertEachHasItsAuditRowAndMailAsync(Dictionary<int, string?> applications)
    {
        var ids = applications.Keys.ToList();
        var audit = await _site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "application.submitted").Select(e => e.ApplicationId).ToListAsync());
        Assert.Equal(ids.Order(), audit.Select(id => id!.Value).Order());
        var mails = await _site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Kind == ApplicationMails.ReceivedKind).ToDictionaryAsync(m => m.IdempotencyKey, m => m.ToAddress));
        Assert.Equal(applications.ToDictionary(a => $"{ApplicationMails.ReceivedKind}:{a.Key}", a => a.Value!), mails);
    }

    private async Task<ApplyCourse> CourseAsync()
    {
        await using var scope = _site.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<ApplicationWorkflow>().FindCourseAsync(Enrolment.Slug, CancellationToken.None))!;
    }
}
