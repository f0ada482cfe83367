using CourseHub.Core.Courses;

namespace CourseHub.Web.Data.Entities;

public sealed class Course
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public required string Summary { get; set; }
    /// <summary>The language of the course's own content (en, es, pt).</summary>
    public required string Language { get; set; }
    public Modality Modality { get; set; }
    public required string Organiser { get; set; }
    /// <summary>The organiser's mailbox: ORGANIZER of session invitations (the site's sender when empty).</summary>
    public string? OrganiserEmail { get; set; }
    public List<string> Partners { get; set; } = [];
    public required string Audience { get; set; }
    /// <summary>IANA zone in which the course's dates and sessions are shown.</summary>
    public required string TimeZone { get; set; }
    public int Hours { get; set; }
    /// <summary>Fee in minor units of <see cref="Currency"/>; zero for a free course.</summary>
    public long FeeMinor { get; set; }
    public required string Currency { get; set; }
    public int Capacity { get; set; }
    public int ScholarshipQuota { get; set; }
    public string? ScholarshipNote { get; set; }
    public DateTime ApplicationsOpenUtc { get; set; }
    public DateTime ApplicationsCloseUtc { get; set; }
    public DateOnly? ResultsDate { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    /// <summary>Start of the first day, in UTC: kept beside the local date so that status can be queried.</summary>
    public DateTime StartsUtc { get; set; }
    /// <summary>End of the last day (the next midnight), in UTC.</summary>
    public DateTime EndsUtc { get; set; }
    public bool Published { get; set; }
    /// <summary>Applicants name a supervisor, who is asked to endorse the application.</summary>
    public bool SupervisorEndorsement { get; set; }
    /// <summary>The course's instructors may score applications (admins always can).</summary>
    public bool InstructorsReview { get; set; } = true;
    /// <summary>The criteria each reviewer scores from 1 to 5.</summary>
    public List<string> Rubric { get; set; } = [];
    /// <summary>Days a scholarship recipient has to accept before the award passes on.</summary>
    public int ScholarshipReplyDays { get; set; } = 7;
    /// <summary>
    /// Awards that ended while no one was on the reserve list: each goes to the next accepted applicant who
    /// asked for a scholarship, as it would have at once had one been waiting.
    /// </summary>
    public int ScholarshipsToPassOn { get; set; }
    /// <summary>Share (percent) of the live sessions held that a participant must attend to complete the course.</summary>
    public int CompletionAttendance { get; set; } = CourseHub.Core.Learning.CompletionRule.DefaultAttendancePercent;
    public required string DescriptionMarkdown { get; set; }
    public required string DescriptionHtml { get; set; }
    /// <summary>The <see cref="ContentImport.CourseMapping.RenderingEdition"/> that made <see cref="DescriptionHtml"/>.</summary>
    public int DescriptionRenderedEdition { get; set; }
    /// <summary>Hash of the content file this course was last imported from; unchanged files are skipped.</summary>
    public string? ContentHash { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public List<CoursePhase> Phases { get; set; } = [];
    public List<LiveSession> Sessions { get; set; } = [];
    public List<Module> Modules { get; set; } = [];

    public CourseTimeline Timeline => new(ApplicationsOpenUtc, ApplicationsCloseUtc, StartsUtc, EndsUtc);
}
