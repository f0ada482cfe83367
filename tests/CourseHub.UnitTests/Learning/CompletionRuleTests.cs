using CourseHub.Core.Content;
using CourseHub.Core.Learning;

namespace CourseHub.UnitTests.Learning;

public sealed class CompletionRuleTests
{
    [Theory]
    // modules total, done, sessions held, attended, required %, complete?
    [InlineData(5, 5, 0, 0, 75, true)]    // no session held: attendance is no condition
    [InlineData(5, 4, 0, 0, 75, false)]   // one module left
    [InlineData(5, 5, 4, 3, 75, true)]    // exactly 75 %
    [InlineData(5, 5, 3, 2, 75, false)]   // 66.7 % is below 75 %, however it would round
    [InlineData(5, 5, 3, 3, 100, true)]
    [InlineData(5, 5, 3, 2, 100, false)]
    [InlineData(5, 5, 3, 0, 0, true)]     // 0 % asks for modules only
    [InlineData(5, 5, 6, 4, 67, false)]   // 66.67 % < 67 %
    [InlineData(5, 5, 6, 5, 67, true)]
    public void Completion_needs_every_module_and_the_share_of_held_sessions(int modules, int done, int held, int attended, int percent, bool complete)
    {
        Assert.Equal(complete, CompletionRule.IsComplete(new CompletionFacts(modules, done, held, attended, percent, CourseStarted: true, CourseEnded: true)));
    }

    [Theory]
    // modules total, done, sessions held, started?, ended?, complete?, done so far?
    [InlineData(3, 3, 0, false, false, false, false)]   // every module done before the first day: not yet
    [InlineData(3, 3, 0, true, false, false, true)]     // ...nor while the course runs: what is left of it may still be missed
    [InlineData(3, 3, 0, true, true, true, false)]
    [InlineData(3, 2, 0, true, true, false, false)]
    [InlineData(0, 0, 0, false, false, false, false)]   // nothing to do: being accepted is not completing
    [InlineData(0, 0, 0, true, false, false, false)]
    [InlineData(0, 0, 0, true, true, false, false)]     // ...nor once it is over: a certificate needs something done that was seen
    [InlineData(0, 0, 2, true, false, false, true)]     // sessions only, both attended, more may come
    [InlineData(0, 0, 2, true, true, true, false)]
    public void Completion_waits_for_the_end_of_the_course(int modules, int done, int held, bool started, bool ended, bool complete, bool doneSoFar)
    {
        var facts = new CompletionFacts(modules, done, held, held, 75, started, ended);
        Assert.Equal(complete, CompletionRule.IsComplete(facts));
        Assert.Equal(doneSoFar, CompletionRule.DoneSoFar(facts) && !CompletionRule.IsComplete(facts));
    }

    [Theory]
    // published, open now, done in all, done of those open, done so far?
    [InlineData(5, 4, 4, 4, true)]    // the fifth opens next week: it cannot be done yet
    [InlineData(5, 4, 3, 3, false)]
    [InlineData(5, 4, 4, 3, false)]   // four done, but one of them is not open now (its date moved): an open one is left
    [InlineData(5, 0, 0, 0, false)]   // nothing open yet, no session held: nothing done so far to speak of
    public void Done_so_far_asks_for_each_module_open_now(int published, int open, int done, int openDone, bool doneSoFar)
    {
        var facts = new CompletionFacts(published, done, 0, 0, 75, CourseStarted: true, CourseEnded: false, OpenModules: open, OpenModulesDone: openDone);
        Assert.Equal(doneSoFar, CompletionRule.DoneSoFar(facts));
        Assert.False(CompletionRule.IsComplete(facts));
    }

    [Fact]
    public void Course_files_default_to_75_percent_attendance_and_refuse_a_share_outside_0_to_100()
    {
        Assert.Equal(75, ContentParser.ParseCourse("c", Course("")).Document!.CompletionAttendance);
        Assert.Equal(100, ContentParser.ParseCourse("c", Course("completion_attendance: 100")).Document!.CompletionAttendance);
        Assert.Equal(0, ContentParser.ParseCourse("c", Course("completion_attendance: 0")).Document!.CompletionAttendance);
        Assert.Contains("completion_attendance must be a percentage between 0 and 100", ContentParser.ParseCourse("c", Course("completion_attendance: 101")).Errors);
        Assert.Contains("completion_attendance must be a percentage between 0 and 100", ContentParser.ParseCourse("c", Course("completion_attendance: -1")).Errors);
    }

    private static string Course(string extra) => $"""
        ---
        title: T
        summary: S
        language: en
        modality: virtual
        organiser: O
        audience: A
        time_zone: America/Santiago
        hours: 10
        capacity: 10
        applications_open: 2026-11-01
        applications_close: 2026-12-01
        {extra}
        phases:
          - name: P
            modality: virtual
            starts: 2027-01-04
            ends: 2027-01-29
        ---
        Body.
        """;
}

public sealed class ModuleAccessTests
{
    private static readonly DateTime Release = new(2027, 1, 11, 3, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(ModuleReader.Visitor, false, -1, ModuleAccessResult.ParticipantsOnly)]
    [InlineData(ModuleReader.Visitor, false, 1, ModuleAccessResult.ParticipantsOnly)]
    [InlineData(ModuleReader.Visitor, true, -1, ModuleAccessResult.Readable)]        // a preview is public, even before its release
    [InlineData(ModuleReader.Participant, false, -1, ModuleAccessResult.NotYetReleased)]
    [InlineData(ModuleReader.Participant, false, 0, ModuleAccessResult.Readable)]    // from the very minute of release
    [InlineData(ModuleReader.Participant, true, -1, ModuleAccessResult.Readable)]
    [InlineData(ModuleReader.Staff, false, -1, ModuleAccessResult.Readable)]
    public void Who_reads_a_module_and_when(ModuleReader reader, bool preview, int minutesFromRelease, ModuleAccessResult expected)
    {
        Assert.Equal(expected, ModuleAccess.Decide(preview, Release, reader, Release.AddMinutes(minutesFromRelease)));
    }

    [Fact]
    public void A_module_without_release_date_is_open_to_participants()
    {
        Assert.Equal(ModuleAccessResult.Readable, ModuleAccess.Decide(false, null, ModuleReader.Participant, Release));
    }
}

public sealed class CertificateCodeTests
{
    [Fact]
    public void New_codes_are_distinct_and_read_back_from_any_typing()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => CertificateCode.New()).ToHashSet();

        Assert.Equal(1000, codes.Count);
        var code = codes.First();
        Assert.Equal(code, CertificateCode.Normalise(code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ACDE-FGHJ-KMNP-QRT")]        // too short
    [InlineData("ACDE-FGHJ-KMNP-QRT0")]       // 0 is not in the alphabet
    [InlineData("ACDE-FGHJ-KMNP-QRTUV")]      // too long
    public void Anything_else_is_not_a_code(string? typed)
    {
        Assert.Null(CertificateCode.Normalise(typed));
    }
}
