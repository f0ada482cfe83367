using CourseHub.Core.Enrolments;

namespace CourseHub.Web.Data.Entities;

public enum EndorsementState
{
    NotRequested,
    Pending,
    Endorsed,
    Declined,
}

/// <summary>
/// An official's application to a course, with the optional supervisor endorsement and scholarship
/// request. One per official per course (a unique index). The profile facts that statistics need are
/// copied at submission, so that they stay as anonymous counts if the person deletes their account.
/// </summary>
public sealed class Application
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    /// <summary>Null once the applicant has deleted their account.</summary>
    public string? UserId { get; set; }
    public ApplicationUser? User { get; set; }

    public ApplicationState State { get; set; }
    public required string Motivation { get; set; }
    public required string RelationToWork { get; set; }
    public string? TravelNeeds { get; set; }
    public DateTime SubmittedUtc { get; set; }
    public DateTime? DecidedUtc { get; set; }
    public string? DecisionNote { get; set; }
    /// <summary>When the applicant joined the waitlist: seats are offered in this order.</summary>
    public DateTime? WaitlistedUtc { get; set; }

    public string Country { get; set; } = "";
    public string Institution { get; set; } = "";
    public GovernmentLevel GovernmentLevel { get; set; }
    public Gender? Gender { get; set; }

    public string? SupervisorName { get; set; }
    public string? SupervisorEmail { get; set; }
    public EndorsementState Endorsement { get; set; }
    public string? EndorsementComment { get; set; }
    public DateTime? EndorsementUtc { get; set; }
    /// <summary>
    /// Which request to the supervisor is the current one (1 for the one sent with the application): only
    /// the link in that request's mail can be answered.
    /// </summary>
    public int EndorsementRequest { get; set; } = 1;
    /// <summary>When the current request went to the supervisor; null when the course asks for no endorsement.</summary>
    public DateTime? EndorsementRequestedUtc { get; set; }
    /// <summary>Which request the supervisor was last reminded of (0: none): one reminder per request.</summary>
    public int EndorsementReminded { get; set; }

    public ScholarshipState Scholarship { get; set; }
    public string? ScholarshipStatement { get; set; }
    public string? DepartureCity { get; set; }
    public bool? NeedsLodging { get; set; }
    public DateTime? ScholarshipAwardedUtc { get; set; }
    public DateTime? ScholarshipReplyByUtc { get; set; }

    public List<ApplicationReview> Reviews { get; set; } = [];
}

/// <summary>One reviewer's scores of one application, one per criterion of the course's rubric.</summary>
public sealed class ApplicationReview
{
    public int Id { get; set; }
    public int ApplicationId { get; set; }
    /// <summary>Null once the reviewer's account is deleted: the score stays, as the rest of the selection's record does.</summary>
    public string? ReviewerId { get; set; }
    public ApplicationUser? Reviewer { get; set; }
    public List<int> Scores { get; set; } = [];
    public double Average { get; set; }
    public string? Comment { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

/// <summary>Who decided what, when: every state change of an application or a scholarship.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string? ActorId { get; set; }
    /// <summary>The actor's name at the time ("System" for automatic steps).</summary>
    public required string ActorName { get; set; }
    public int? CourseId { get; set; }
    public int? ApplicationId { get; set; }
    public required string Action { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? Note { get; set; }
}
