using System.Globalization;
using CourseHub.Core.Courses;
using CourseHub.Core.Enrolments;
using CourseHub.Web.Data.Entities;
using CourseHub.Web.Features.Account;
using CourseHub.Web.Features.Audit;
using CourseHub.Web.Features.Reports;
using CourseHub.Web.Features.Shared;
using CourseHub.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CourseHub.Web.Tests.Localization;

/// <summary>
/// The words for domain values are computed at run time, so the key scan cannot see them: every value of
/// every enum goes through <see cref="Labels"/> here, and a new value without Spanish fails.
/// </summary>
public sealed class LabelTranslationTests
{
    private static readonly HashSet<string> Spanish = LocalizationTests.SpanishKeys();

    public static TheoryData<string, string> EveryLabel()
    {
        var labels = new TheoryData<string, string>();
        void Add<TEnum>(Func<TEnum, string> label) where TEnum : struct, Enum
        {
            foreach (var value in Enum.GetValues<TEnum>()) labels.Add($"{typeof(TEnum).Name}.{value}", label(value));
        }
        Add<Modality>(Labels.Modality);
        Add<CourseStatus>(Labels.Status);
        Add<StatusFilter>(Labels.StatusFilter);
        Add<ApplicationState>(Labels.ApplicationState);
        Add<ScholarshipState>(Labels.ScholarshipState);
        Add<EndorsementState>(Labels.Endorsement);
        Add<GovernmentLevel>(Labels.GovernmentLevel);
        Add<OutboxStatus>(Labels.OutboxStatus);
        Add<Gender>(gender => Labels.Gender(gender));
        labels.Add("Gender not given", Labels.Gender(null));
        Add<ReportDimension>(Labels.ReportDimension);
        foreach (var column in ReportRow.StateColumns) labels.Add($"report column {column}", column);
        foreach (var code in new[] { "en", "es", "pt" }) labels.Add($"language {code}", Labels.Language(code));
        foreach (var role in Roles.All) labels.Add($"role {role}", role);
        foreach (var note in AuditNotes.All) labels.Add($"audit note \"{note}\"", note);
        foreach (var action in new[] { "course.created", "course.edited", "course.published", "course.unpublished", "user.role-given", "user.role-removed",
            "user.locked", "user.unlocked", "user.course-assigned", "user.course-unassigned", "course.announced", "module.published", "module.unpublished",
            "session.scheduled", "session.reinstated", "session.changed", "session.cancelled" }) labels.Add($"audit action {action}", Labels.AuditAction(action));
        foreach (var state in new[] { "Draft", "Published" }) labels.Add($"audit state course {state}", Labels.AuditState("course.published", state));
        // What an audit row records as before and after is an enum name; it must read as a label, never as the name.
        foreach (var state in Enum.GetNames<ApplicationState>()) labels.Add($"audit state {nameof(ApplicationState)}.{state}", Labels.AuditState("application.decided", state));
        foreach (var state in Enum.GetNames<ScholarshipState>()) labels.Add($"audit state {nameof(ScholarshipState)}.{state}", Labels.AuditState("scholarship.awarded", state));
        foreach (var state in Enum.GetNames<EndorsementState>()) labels.Add($"audit state {nameof(EndorsementState)}.{state}", Labels.AuditState("application.endorsed", state));
        // Every fact a course edit can change (two courses differing in all of them), named as the form names it.
        var plain = new Core.Content.CourseDocument("water", "Water", "Summary", "en", Modality.Virtual, "CEPAL", [], "Officials", "America/Santiago",
            20, 0, "USD", 20, 0, null, new DateTime(2027, 1, 1), new DateTime(2027, 1, 10), null,
            [new Core.Content.PhaseDocument("Online", Modality.Virtual, new DateOnly(2027, 2, 1), new DateOnly(2027, 2, 20), null)], [], true, "Text");
        var different = new Core.Content.CourseDocument("water", "Water 2027", "Other", "es", Modality.InPerson, "ILPES", ["GIZ"], "Mayors", "America/Bogota",
            30, 15000, "EUR", 25, 5, "Travel", new DateTime(2027, 1, 2), new DateTime(2027, 1, 11), new DateOnly(2027, 1, 20),
            [new Core.Content.PhaseDocument("Seminar", Modality.InPerson, new DateOnly(2027, 2, 2), new DateOnly(2027, 2, 21), "Bogotá")], [], true, "Other text",
            SupervisorEndorsement: true, InstructorsReview: false, Rubric: ["Impact"], ScholarshipReplyDays: 5, OrganiserEmail: "a@b.org", CompletionAttendance: 50);
        var facts = Features.CourseAdmin.CourseAdministration.ChangedFacts(plain, different);
        Assert.True(facts.Count >= 25, $"Only {facts.Count} facts changed");
        foreach (var change in facts) labels.Add($"course fact {change.Fact}", Labels.CourseFact(change.Fact) ?? change.Fact);
        labels.Add("course fact value true", Labels.CourseFactWord("supervisor_endorsement", "true")!);
        labels.Add("course fact value false", Labels.CourseFactWord("instructors_review", "false")!);
        // Every heading of the profile's list of zones.
        foreach (var region in KnownTimeZoneAttribute.Choices.Select(Labels.ZoneRegion).Distinct()) labels.Add($"zone region {region}", region);
        // Every kind of mail the site sends, found as the constants its senders name them by: a new kind
        // without a label would show its code on the outbox page, and fails here.
        var kinds = typeof(Labels).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Kind", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.True(kinds.Count >= 20, $"Only {kinds.Count} mail kinds found");
        foreach (var kind in kinds) labels.Add($"mail kind {kind}", Labels.MailKind(kind));
        return labels;
    }

    [Theory]
    [MemberData(nameof(EveryLabel))]
    public void Every_label_has_spanish(string value, string label)
    {
        Assert.True(Spanish.Contains(label), $"No Spanish for the label of {value}: \"{label}\"");
    }

    [Theory]
    [InlineData("en", "Monday, 11 January 2027")]
    [InlineData("es", "lunes, 11 de enero de 2027")]
    [InlineData("pt", "segunda-feira, 11 de janeiro de 2027")]
    public void Long_dates_read_as_each_language_writes_them(string language, string expected) =>
        Assert.Equal(expected, Labels.LongDate(new DateTime(2027, 1, 11), CultureInfo.GetCultureInfo(language), weekday: true));

    [Fact]
    public void In_english_identity_errors_read_exactly_as_identity_writes_them()
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            var services = new ServiceCollection().AddLogging().AddLocalization(options => options.ResourcesPath = "Resources").BuildServiceProvider();
            var ours = new LocalizedIdentityErrors(services.GetRequiredService<IStringLocalizer<SharedResource>>());
            var identity = new IdentityErrorDescriber();
            (IdentityError Ours, IdentityError Identity)[] pairs =
            [
                (ours.DefaultError(), identity.DefaultError()), (ours.ConcurrencyFailure(), identity.ConcurrencyFailure()),
                (ours.PasswordMismatch(), identity.PasswordMismatch()), (ours.InvalidToken(), identity.InvalidToken()),
                (ours.InvalidEmail("a@"), identity.InvalidEmail("a@")),
                (ours.DuplicateUserName("a@b.c"), identity.DuplicateUserName("a@b.c")), (ours.DuplicateEmail("a@b.c"), identity.DuplicateEmail("a@b.c")),
                (ours.PasswordTooShort(10), identity.PasswordTooShort(10)), (ours.PasswordRequiresUniqueChars(4), identity.PasswordRequiresUniqueChars(4)),
                (ours.PasswordRequiresNonAlphanumeric(), identity.PasswordRequiresNonAlphanumeric()), (ours.PasswordRequiresDigit(), identity.PasswordRequiresDigit()),
                (ours.PasswordRequiresLower(), identity.PasswordRequiresLower()), (ours.PasswordRequiresUpper(), identity.PasswordRequiresUpper()),
            ];
            Assert.All(pairs, p => Assert.Equal((p.Identity.Code, p.Identity.Description), (p.Ours.Code, p.Ours.Description)));
            // But for the user name, which on this site is the email address the person typed: the message speaks of that.
            Assert.Equal(identity.InvalidUserName("ana.pérez@gob.cl").Code, ours.InvalidUserName("ana.pérez@gob.cl").Code);
            Assert.StartsWith("Use an address written with plain letters", ours.InvalidUserName("ana.pérez@gob.cl").Description, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
