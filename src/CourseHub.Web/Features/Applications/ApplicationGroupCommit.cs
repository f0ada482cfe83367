using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Features.Endorsements;
using CourseHub.Web.Infrastructure.Email;
using CourseHub.Web.Infrastructure.Email.Templates;
using Microsoft.EntityFrameworkCore;

namespace CourseHub.Web.Features.Applications;

/// <summary>
/// Stores submitted applications, each with its audit row and its mails, and answers only once they are
/// committed. Applications that arrive while a commit is under way wait for it and are then stored
/// together in the next transaction (group commit): on a deadline-day rush the applicants share commits,
/// each of which has to reach the disk, instead of queueing for one each.
/// A commit runs in whichever request holds the turn, for other people's applications too: nothing in it
/// may depend on the request (its culture, its user, its HttpContext).
/// </summary>
public sealed class ApplicationGroupCommit(IServiceScopeFactory scopes)
{
    private const int MostPerTransaction = 64;

    private readonly ConcurrentQueue<Submission> waiting = new();
    private readonly SemaphoreSlim committing = new(1, 1);
    private long commits;

    /// <summary>
    /// Stores an application its request has checked (the course is open, the person had not applied) and
    /// answers once it is committed: Applied with its id, or AlreadyApplied with the one a concurrent submit
    /// stored first.
    /// </summary>
    public async Task<ApplyResult> StoreAsync(ApplyCourse course, ApplicationUser user, Application application)
    {
        var submission = new Submission(course, user, application);
        waiting.Enqueue(submission);
        // Not cancellable: once queued, a submission is stored by whichever request commits next, and a
        // request that gave up waiting could leave it to nobody.
        await committing.WaitAsync(CancellationToken.None);
        try
        {
            // Unless an earlier holder stored it, requests already running get to reach the queue before this
            // one empties it: on a busy server the commit takes them along (five at a time rather than two in
            // the benchmark), on an idle one this costs a pass through the thread pool.
            if (!submission.Finished) await Task.Yield();
            while (!submission.Finished)
            {
                var batch = new List<Submission>();
                while (batch.Count < MostPerTransaction && waiting.TryDequeue(out var next)) batch.Add(next);
                if (batch.Count == 0) throw new InvalidOperationException("An application was neither stored nor waiting to be.");
                await StoreAsync(batch);
            }
        }
        finally
        {
            committing.Release();
        }
        submission.Failure?.Throw();
        return submission.Result!;
    }

    /// <summary>How many submissions wait for the next commit.</summary>
    internal int Waiting => waiting.Count;

    /// <summary>Whether a request is storing submissions now.</summary>
    internal bool Committing => committing.CurrentCount == 0;

    /// <summary>How many transactions have stored applications since the site started.</summary>
    internal long Commits => Interlocked.Read(ref commits);

    private async Task StoreAsync(List<Submission> batch)
    {
        try
        {
            await StoreTogetherAsync(batch);
        }
        catch (DbUpdateException refusal)
        {
            await StoreAfterRefusalAsync(batch, refusal);
        }
        catch (Exception failure)
        {
            var captured = ExceptionDispatchInfo.Capture(failure);
            foreach (var submission in batch.Where(s => !s.Finished)) submission.Fail(captured);
        }
    }

    /// <summary>
    /// The database refused the batch, most likely for a person whose other submit was stored after their
    /// request checked: the unique index kept that one, and they are answered with it. The rest are stored
    /// together again; if no such person explains the refusal, each is tried alone, so that one row the
    /// database will not take does not cost the others theirs.
    /// </summary>
    private async Task StoreAfterRefusalAsync(List<Submission> batch, DbUpdateException refusal)
    {
        try
        {
            Dictionary<(int CourseId, string? UserId), int> stored;
            await using (var scope = scopes.CreateAsyncScope())
            {
                stored = await StoredBeforeAsync(scope.ServiceProvider.GetRequiredService<CourseHubDbContext>(), batch);
            }
            var rest = new List<Submission>();
            foreach (var submission in batch)
            {
                if (stored.TryGetValue((submission.Application.CourseId, submission.Application.UserId), out var id))
                {
                    submission.Finish(new ApplyResult(ApplyOutcome.AlreadyApplied, id));
                    continue;
                }
                submission.Application.Id = 0;   // the failed save may have given it the id of a row rolled back
                rest.Add(submission);
            }
            if (rest.Count == 0) return;
            if (rest.Count < batch.Count) await StoreAsync(rest);
            else if (rest.Count == 1) rest[0].Fail(ExceptionDispatchInfo.Capture(refusal));
            else foreach (var submission in rest) await StoreAsync([submission]);
        }
        catch (Exception failure)
        {
            var captured = ExceptionDispatchInfo.Capture(failure);
            foreach (var submission in batch.Where(s => !s.Finished)) submission.Fail(captured);
        }
    }

    /// <summary>The applications already stored for the people and courses of a batch, by person and course.</summary>
    private static async Task<Dictionary<(int CourseId, string? UserId), int>> StoredBeforeAsync(CourseHubDbContext db, List<Submission> batch)
    {
        var courseIds = batch.Select(s => s.Application.CourseId).Distinct().ToList();
        var userIds = batch.Select(s => s.Application.UserId).Distinct().ToList();
        return (await db.Applications.Where(a => courseIds.Contains(a.CourseId) && userIds.Contains(a.UserId))
                .Select(a => new { a.CourseId, a.UserId, a.Id }).ToListAsync())
            .ToDictionary(a => (a.CourseId, a.UserId), a => a.Id);
    }

    private async Task StoreTogetherAsync(List<Submission> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CourseHubDbContext>();
        var outbox = services.GetRequiredService<Outbox>();
        var audit = services.GetRequiredService<AuditLog>();
        var mails = services.GetRequiredService<ApplicationMails>();
        var endorsementLinks = services.GetRequiredService<EndorsementLinks>();

        await using var transaction = await db.Database.BeginTransactionAsync();
        // A double submit's second request passes its own check while the first waits to be committed: it
        // meets the first in this batch, or stored by an earlier commit (applications are stored only here, one
        // commit at a time). Either way it is answered with the first, and the unique index is a last resort.
        var before = await StoredBeforeAsync(db, batch);
        var stored = new List<Submission>();
        var storedFor = new Dictionary<(int CourseId, string? UserId), Submission>();
        var repeats = new List<(Submission Repeat, Submission First)>();
        var earlierCommits = new List<(Submission Repeat, int Id)>();
        foreach (var submission in batch)
        {
            var person = (submission.Application.CourseId, submission.Application.UserId);
            if (before.TryGetValue(person, out var id))
            {
                earlierCommits.Add((submission, id));
            }
            else if (storedFor.TryGetValue(person, out var first))
            {
                repeats.Add((submission, first));
            }
            else
            {
                storedFor.Add(person, submission);
                stored.Add(submission);
            }
        }

        db.Applications.AddRange(stored.Select(s => s.Application));
        await db.SaveChangesAsync();
        // What a supervisor is told of the course, read once per course of the batch that asks for endorsements.
        var places = new Dictionary<int, ApplicationMails.PlaceIn>();
        foreach (var (course, user, application) in stored.Select(s => (s.Course, s.User, s.Application)))
        {
            audit.Record(new Actor(user.Id, user.FullName), "application.submitted", course.Id, application.Id, null, ApplicationState.Submitted.ToString(),
                application.Scholarship == ScholarshipState.Requested ? AuditNotes.WithScholarshipRequest : null);
            await outbox.EnqueueAsync(ApplicationMails.ReceivedKind, $"{ApplicationMails.ReceivedKind}:{application.Id}",
                ApplicationWorkflow.Recipient(user), mails.Received(user.PreferredLanguage, Addressee.Of(user), course.Title,
                    application.Scholarship == ScholarshipState.Requested, course.ResultsDate, application.SupervisorName ?? application.SupervisorEmail));
            if (application.SupervisorEmail is not null)
            {
                if (!places.TryGetValue(course.Id, out var place)) places[course.Id] = place = await db.PlaceInAsync(course.Id, CancellationToken.None);
                // In the applicant's language: the supervisor is their colleague, whatever language the course is taught in.
                var language = user.PreferredLanguage;
                await outbox.EnqueueAsync(ApplicationMails.EndorsementRequestKind, $"{ApplicationMails.EndorsementRequestKind}:{application.Id}",
                    new MailRecipient(application.SupervisorEmail, application.SupervisorName, language),
                    mails.EndorsementRequest(language, application.SupervisorName ?? application.SupervisorEmail, user.FullName, course.Title,
                        place, endorsementLinks.UrlFor(application.Id, application.EndorsementRequest, language)));
            }
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        Interlocked.Increment(ref commits);

        foreach (var submission in stored) submission.Finish(new ApplyResult(ApplyOutcome.Applied, submission.Application.Id));
        foreach (var (repeat, earlier) in repeats) repeat.Finish(new ApplyResult(ApplyOutcome.AlreadyApplied, earlier.Application.Id));
        foreach (var (repeat, id) in earlierCommits) repeat.Finish(new ApplyResult(ApplyOutcome.AlreadyApplied, id));
    }

    private sealed class Submission(ApplyCourse course, ApplicationUser user, Application application)
    {
        public ApplyCourse Course { get; } = course;
        public ApplicationUser User { get; } = user;
        public Application Application { get; } = application;
        public ApplyResult? Result { get; private set; }
        public ExceptionDispatchInfo? Failure { get; private set; }
        public bool Finished => Result is not null || Failure is not null;

        public void Finish(ApplyResult result) => Result = result;
        public void Fail(ExceptionDispatchInfo failure) => Failure = failure;
    }
}
