using System.ComponentModel.DataAnnotations;
using CourseHub.Core.Content;

namespace CourseHub.Web.Features.Sessions;

/// <summary>A live session as an instructor enters it; the start is a wall-clock time in the course's zone.</summary>
public sealed record SessionForm
{
    [Required(ErrorMessage = "Give the session a title.")]
    [StringLength(200, ErrorMessage = "The title can be at most 200 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the title on one line.")]
    [Shared.Legible(ErrorMessage = "Give the session a title.")]
    [Display(Name = "Title")]
    public string Title { get; init; } = "";

    [Required(ErrorMessage = "Name the organisation that gives the session.")]
    [StringLength(200, ErrorMessage = "The organisation can be at most 200 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the organisation on one line.")]
    [Shared.Legible(ErrorMessage = "Name the organisation that gives the session.")]
    [Display(Name = "Organisation")]
    public string Organisation { get; init; } = "";

    [StringLength(200, ErrorMessage = "The speaker can be at most 200 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the speaker on one line.")]
    [Shared.Legible(ErrorMessage = "Write the speaker's name in words, or leave the field empty.")]
    [Display(Name = "Speaker (optional)")]
    public string? Speaker { get; init; }

    [Required(ErrorMessage = "Enter the date and time the session starts.")]
    [Display(Name = "Starts (course time)")]
    public DateTime? StartsLocal { get; init; }

    [Required(ErrorMessage = "Enter the duration in minutes.")]
    [Range(5, 600, ErrorMessage = "The duration must be between 5 and 600 minutes.")]
    [Display(Name = "Duration (minutes)")]
    public int? Minutes { get; init; } = 90;

    [JoinLink(ErrorMessage = "Enter the join link as a full address, starting with https://.")]
    [StringLength(500, ErrorMessage = "The join link can be at most 500 characters.")]
    [Display(Name = "Join link (online)")]
    public string? JoinUrl { get; init; }

    [StringLength(300, ErrorMessage = "The room and address can be at most 300 characters.")]
    [Display(Name = "Room and address (in person)")]
    public string? Room { get; init; }

    [StringLength(2000, ErrorMessage = "The description can be at most 2,000 characters.")]
    [Display(Name = "Description (optional)")]
    public string? Description { get; init; }

    /// <summary>
    /// How many updates the session had been sent when its edit form was opened: a change saved meanwhile (and mailed)
    /// is not undone unseen by an older form. Null on a new session's form.
    /// </summary>
    public int? Opened { get; init; }
}

public sealed record SessionListItem(int Id, string Title, string Organisation, string? Speaker, DateTime StartsUtc, int Minutes,
    string? JoinUrl, string? Room, bool Cancelled, int UpdatesSent);

/// <param name="Now">The moment the page was made: sessions that have begun can no longer be cancelled.</param>
public sealed record SessionsPageViewModel(string Slug, string CourseTitle, string Language, string TimeZone, IReadOnlyList<SessionListItem> Sessions, SessionForm Form, DateTime Now);

public sealed record SessionEditViewModel(string Slug, string CourseTitle, string Language, string TimeZone, int Id, bool Cancelled, SessionForm Form);

/// <summary>The question asked before a session is cancelled: who will be told.</summary>
public sealed record SessionCancelViewModel(string Slug, string CourseTitle, string Language, string TimeZone, int Id, string Title, DateTime StartsUtc, int Minutes, int Participants);

/// <summary>A join link as invitations carry it: an https address, in one piece (<see cref="ContentParser.IsJoinUrl"/>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class JoinLinkAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || ContentParser.IsJoinUrl(text.Trim());
}
