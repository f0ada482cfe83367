using System.ComponentModel.DataAnnotations;
using CourseHub.Core.Enrolments;

namespace CourseHub.Web.Features.Applications;

public sealed record ApplyForm
{
    [Required(ErrorMessage = "Tell us why you want to take this course.")]
    [Shared.Legible(ErrorMessage = "Tell us why you want to take this course.")]
    [StringLength(ApplicationRules.MotivationMaxLength, ErrorMessage = "The motivation can be at most 2,000 characters.")]
    [Display(Name = "Motivation")]
    public string Motivation { get; init; } = "";

    [Required(ErrorMessage = "Tell us how the course relates to your work.")]
    [Shared.Legible(ErrorMessage = "Tell us how the course relates to your work.")]
    [StringLength(ApplicationRules.RelationMaxLength, ErrorMessage = "This answer can be at most 1,500 characters.")]
    [Display(Name = "How the course relates to your work")]
    public string RelationToWork { get; init; } = "";

    [StringLength(ApplicationRules.TravelNeedsMaxLength, ErrorMessage = "This answer can be at most 1,000 characters.")]
    [Shared.Legible(ErrorMessage = "Write your travel needs in words, or leave the field empty.")]
    [Display(Name = "Travel needs for the in-person phase (optional)")]
    public string? TravelNeeds { get; init; }

    [StringLength(200, ErrorMessage = "The name can be at most 200 characters.")]
    [Shared.OneLine(ErrorMessage = "Write the name on one line.")]
    [Shared.Legible(ErrorMessage = "This course asks for your supervisor's endorsement: enter their name.")]
    [Shared.NoWebAddress(ErrorMessage = "A name cannot contain a web address.")]
    [Display(Name = "Supervisor's name")]
    public string? SupervisorName { get; init; }

    [Shared.PlainEmail(ErrorMessage = "Enter the supervisor's email address, like name@institution.gov.")]
    [StringLength(254, ErrorMessage = "The address can be at most 254 characters.")]
    [Display(Name = "Supervisor's email")]
    public string? SupervisorEmail { get; init; }

    [Display(Name = "I request a full scholarship")]
    public bool RequestScholarship { get; init; }

    [StringLength(ScholarshipRules.StatementMaxLength, ErrorMessage = "The statement can be at most 2,000 characters.")]
    [Shared.Legible(ErrorMessage = "Explain why you request a scholarship.")]
    [Display(Name = "Scholarship statement")]
    public string? ScholarshipStatement { get; init; }

    [StringLength(120, ErrorMessage = "The city can be at most 120 characters.")]
    [Shared.Legible(ErrorMessage = "Enter the city you would travel from.")]
    [Display(Name = "City of departure")]
    public string? DepartureCity { get; init; }

    [Display(Name = "I need lodging")]
    public bool NeedsLodging { get; init; }
}

/// <summary>What the apply page needs to know about the course.</summary>
public sealed record ApplyPageViewModel(
    string Slug, string Title, string Language, bool HasInPersonPhase, bool OffersScholarships, bool NeedsEndorsement,
    string ClosesAt, ApplyForm Form)
{
    /// <summary>The deadline in the applicant's own zone, where they set one whose clock differs from the course's.</summary>
    public string? ClosesForYou { get; init; }
}
