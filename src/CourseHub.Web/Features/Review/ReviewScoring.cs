using CourseHub.Core.Enrolments;
using CourseHub.Web.Data;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Features.Review;

public sealed record ScoreView(string Reviewer, IReadOnlyList<int> Scores, double Average, string? Comment, DateTime UpdatedUtc, bool Mine);

public sealed record ApplicationReviewViewModel(
    string Slug, string CourseTitle, string TimeZone, IReadOnlyList<string> Rubric, ReviewRow Application,
    IReadOnlyList<ScoreView> Scores, IReadOnlyList<Applications.HistoryItem> History, bool CanDecide, string? DecisionNote)
{
    /// <summary>What the reviewer sent when it was refused: the form shows it again instead of the stored scores.</summary>
    public TypedScores? Typed { get; init; }

    /// <summary>The course's language, that of its title and rubric.</summary>
    public required string Language { get; init; }

    /// <summary>The list the application was opened from (filters, order, page): its links go back to it.</summary>
    public ReviewFilter List { get; init; } = new(null, null, null, null);

    /// <summary>The applications before and after this one in that list; null where the list no longer holds it.</summary>
    public ReviewNeighbours? Neighbours { get; init; }
}

public sealed record TypedScores(IReadOnlyList<int> Scores, string? Comment);

/// <summary>Each reviewer scores an application independently on the course's rubric; a new score replaces their old one.</summary>
public sealed class ReviewScoring(CourseHubDbContext db, ReviewQuery query, AuditLog audit, IStringLocalizer<SharedResource> T, TimeProvider clock)
{
    public async Task<ApplicationReviewViewModel?> DetailsAsync(string slug, int applicationId, string reviewerId, bool canDecide, CancellationToken cancellationToken)
    {
        var one = await query.OneAsync(slug, applicationId, reviewerId, cancellationToken);
        if (one is null) return null;
        var row = one.Row;
        var rubric = await db.Courses.Where(c => c.Slug == slug).Select(c => c.Rubric).SingleAsync(cancellationToken);
        var scores = await db.ApplicationReviews.AsNoTracking().Where(r => r.ApplicationId == applicationId)
            .OrderBy(r => r.UpdatedUtc)
            .Select(r => new ScoreView(r.Reviewer != null ? r.Reviewer.FullName : AuditNotes.AccountDeleted, r.Scores, r.Average, r.Comment, r.UpdatedUtc, r.ReviewerId == reviewerId))
            .ToListAsync(cancellationToken);
        var history = await db.AuditEntries.AsNoTracking().Where(e => e.ApplicationId == applicationId).OrderBy(e => e.AtUtc).ThenBy(e => e.Id)
            .Select(e => new Applications.HistoryItem(e.AtUtc, e.Action, e.Before, e.After, e.Note, e.ActorName))
            .ToListAsync(cancellationToken);
        var note = await db.Applications.Where(a => a.Id == applicationId).Select(a => a.DecisionNote).SingleAsync(cancellationToken);
        return new ApplicationReviewViewModel(slug, one.Title, one.TimeZone, rubric, row, scores, history, canDecide, note) { Language = one.Language };
    }

    public const int MaxCommentLength = 2000;

    /// <summary>Kept for the coordinators who review the selection; the applicant's own history leaves it out.</summary>
    public const string ScoredAction = "application.scored";

    public async Task<string?> ScoreAsync(string slug, int applicationId, Actor reviewer, IReadOnlyList<int> scores, string? comment, CancellationToken cancellationToken)
    {
        var reviewerId = reviewer.Id!;
        var target = await db.Applications.Where(a => a.Id == applicationId && a.Course!.Slug == slug)
            .Select(a => new { a.Id, a.UserId, a.CourseId, a.Course!.Rubric }).SingleOrDefaultAsync(cancellationToken);
        if (target is null) return T["There is no such application."];
        // A reviewer who applied to the course too (an instructor who is also a participant) does not rank themselves.
        if (target.UserId == reviewerId) return T["You cannot score your own application."];
        if (!ReviewRubric.IsValid(scores, target.Rubric.Count))
        {
            return T["Give every criterion a score from {0} to {1}.", ReviewRubric.MinScore, ReviewRubric.MaxScore];
        }
        if (comment is { Length: > MaxCommentLength }) return T["The comment can be at most 2,000 characters."];
        var review = await db.ApplicationReviews.SingleOrDefaultAsync(r => r.ApplicationId == applicationId && r.ReviewerId == reviewerId, cancellationToken);
        var typedComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (review is not null && review.Scores.SequenceEqual(scores) && review.Comment == typedComment) return null;
        var before = review is null ? null : Written(review.Scores);
        if (review is null)
        {
            review = new ApplicationReview { ApplicationId = applicationId, ReviewerId = reviewerId };
            db.ApplicationReviews.Add(review);
        }
        review.Scores = scores.ToList();
        review.Average = scores.Average();
        review.Comment = typedComment;
        review.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        audit.Record(reviewer, ScoredAction, target.CourseId, applicationId, before, Written(scores));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    // "4 · 3 · 5": the scores in the rubric's order, as the audit log shows them.
    private static string Written(IEnumerable<int> scores) => string.Join(" · ", scores);
}
