using System.Text;
using CourseHub.Core.Sessions;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Microsoft.Extensions.Time.Testing;

namespace CourseHub.UnitTests.Sessions;

public sealed class SessionInviteTests
{
    private static readonly CalendarCourse Course = new("From Digital Government to Smart Government", "America/Santiago", "https://coursehub.example/courses/x");
    private static readonly InviteParties Parties = new("sessions@coursehub.example", "CourseHub Live Sessions", "ana.perez@example.org", "Ana Pérez", "en");
    private static readonly TimeZoneInfo Santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    private static CalendarSession Online(Guid uid, DateTime startsUtc, int sequence = 0, bool cancelled = false) =>
        new(uid, "Inauguration", "ECLAC / ILPES", "Laura Díaz", startsUtc, 90, "https://zoom.us/j/1", null, null, sequence, cancelled);

    private static CalendarSession InPerson(Guid uid, DateTime startsUtc) =>
        new(uid, "Workshop", "ECLAC / ILPES", null, startsUtc, 120, null, "Sala Raúl Prebisch, piso 2", null, 0, false);

    private static CalendarEvent SingleEvent(Calendar calendar) => Assert.Single(calendar.Events);

    private static Calendar Load(string ics) => Calendar.Load(ics)!;

    [Fact]
    public void A_new_session_is_sent_as_a_request_with_one_confirmed_event()
    {
        var uid = Guid.NewGuid();

        var ics = SessionInvite.Request(Course, Online(uid, new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)), Parties, Now);

        var calendar = Load(ics);
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal(CourseCalendar.ProductId, calendar.ProductId);
        Assert.Equal("2.0", calendar.Version);
        var calendarEvent = SingleEvent(calendar);
        Assert.Equal(CourseCalendar.Uid(uid), calendarEvent.Uid);
        Assert.Equal(0, calendarEvent.Sequence);
        Assert.Equal("CONFIRMED", calendarEvent.Status);
        Assert.Equal("Inauguration", calendarEvent.Summary);
        Assert.Contains("\r\nMETHOD:REQUEST\r\n", ics);
        Assert.Contains("\r\nSTATUS:CONFIRMED\r\n", ics);
    }

    [Fact]
    public void Moving_a_session_keeps_its_uid_and_raises_the_sequence_until_it_is_cancelled()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(Now));
        var uid = Guid.NewGuid();
        var first = Online(uid, new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc));

        var invited = Load(SessionInvite.Request(Course, first, Parties, clock.GetUtcNow().UtcDateTime));
        clock.Advance(TimeSpan.FromDays(2));
        var moved = first with { StartsUtc = new DateTime(2027, 10, 7, 18, 0, 0, DateTimeKind.Utc), Sequence = 1 };
        var rescheduled = Load(SessionInvite.Request(Course, moved, Parties, clock.GetUtcNow().UtcDateTime));
        clock.Advance(TimeSpan.FromDays(5));
        var cancelled = Load(SessionInvite.Cancel(Course, moved with { Sequence = 2, Cancelled = true }, Parties, clock.GetUtcNow().UtcDateTime));

        Assert.Equal(new[] { "REQUEST", "REQUEST", "CANCEL" }, new[] { invited.Method!, rescheduled.Method!, cancelled.Method! });
        Assert.All([invited, rescheduled, cancelled], c => Assert.Equal(CourseCalendar.Uid(uid), SingleEvent(c).Uid));
        Assert.Equal<int>([0, 1, 2], [SingleEvent(invited).Sequence, SingleEvent(rescheduled).Sequence, SingleEvent(cancelled).Sequence]);
        Assert.Equal(new[] { "CONFIRMED", "CONFIRMED", "CANCELLED" }, new[] { SingleEvent(invited).Status!, SingleEvent(rescheduled).Status!, SingleEvent(cancelled).Status! });
        Assert.Equal(new DateTime(2027, 10, 7, 18, 0, 0, DateTimeKind.Utc), SingleEvent(rescheduled).DtStart!.AsUtc);
        Assert.True(SingleEvent(cancelled).DtStamp!.AsUtc > SingleEvent(rescheduled).DtStamp!.AsUtc);
    }

    [Fact]
    public void Cancelling_a_session_says_so_in_the_description()
    {
        var session = Online(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc), sequence: 3, cancelled: true);

        var ics = SessionInvite.Cancel(Course, session, Parties, Now);

        var calendarEvent = SingleEvent(Load(ics));
        Assert.Equal("CANCELLED", calendarEvent.Status);
        Assert.Equal(3, calendarEvent.Sequence);
        Assert.StartsWith("Cancelled: this session will not take place.", calendarEvent.Description);
        Assert.Contains("\r\nMETHOD:CANCEL\r\n", ics);
        Assert.Contains("\r\nSTATUS:CANCELLED\r\n", ics);
    }

    [Fact]
    public void Withdrawing_an_attendee_cancels_at_the_current_sequence_so_a_later_reinvitation_is_not_out_of_date()
    {
        // The session goes on (not cancelled, sequence unchanged); only this attendee leaves and comes back.
        var clock = new FakeTimeProvider(new DateTimeOffset(Now));
        var session = Online(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc), sequence: 4);

        var invitation = SingleEvent(Load(SessionInvite.Request(Course, session, Parties, clock.GetUtcNow().UtcDateTime)));
        clock.Advance(TimeSpan.FromHours(3));
        var withdrawal = Load(SessionInvite.Cancel(Course, session, Parties, clock.GetUtcNow().UtcDateTime));
        clock.Advance(TimeSpan.FromDays(1));
        var reinvitation = SingleEvent(Load(SessionInvite.Request(Course, session, Parties, clock.GetUtcNow().UtcDateTime)));

        var cancel = SingleEvent(withdrawal);
        Assert.Equal("CANCEL", withdrawal.Method);
        Assert.Equal("CANCELLED", cancel.Status);
        Assert.Equal(invitation.Uid, cancel.Uid);
        // Same sequence as the session: the later DTSTAMP is what makes the cancel newer than the invitation...
        Assert.Equal(4, cancel.Sequence);
        Assert.True(cancel.DtStamp!.AsUtc > invitation.DtStamp!.AsUtc);
        // ...and a re-invitation at the session's sequence is therefore not older than the cancel.
        Assert.True(reinvitation.Sequence >= cancel.Sequence);
        Assert.True(reinvitation.DtStamp!.AsUtc > cancel.DtStamp.AsUtc);
        Assert.Equal("mailto:ana.perez@example.org", Assert.Single(cancel.Attendees).Value!.OriginalString);
        Assert.StartsWith("You are no longer taking part in this session", cancel.Description);
        Assert.Contains("The session itself goes on.", cancel.Description);
    }

    [Fact]
    public void A_cancelled_session_cannot_be_sent_as_a_request()
    {
        var session = Online(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc), sequence: 1, cancelled: true);

        var error = Assert.Throws<ArgumentException>(() => SessionInvite.Request(Course, session, Parties, Now));
        Assert.Equal("session", error.ParamName);
    }

    [Fact]
    public void The_invitation_carries_the_course_zone_as_tzid_and_vtimezone()
    {
        var ics = SessionInvite.Request(Course, Online(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)), Parties, Now);

        var calendar = Load(ics);
        var zone = Assert.Single(calendar.TimeZones);
        Assert.Equal("America/Santiago", zone.TzId);
        Assert.Contains(zone.TimeZoneInfos, o => o.Name == "STANDARD");
        Assert.Contains(zone.TimeZoneInfos, o => o.Name == "DAYLIGHT");
        var calendarEvent = SingleEvent(calendar);
        Assert.Equal("America/Santiago", calendarEvent.DtStart!.TzId);
        Assert.Equal("America/Santiago", calendarEvent.DtEnd!.TzId);
        Assert.Contains("\r\nDTSTART;TZID=America/Santiago:20271006T150000\r\n", ics);
        Assert.Contains("\r\nDTEND;TZID=America/Santiago:20271006T163000\r\n", ics);
        Assert.Contains("\r\nBEGIN:VTIMEZONE\r\nTZID:America/Santiago\r\n", ics);
    }

    [Fact]
    public void Organizer_and_attendee_carry_their_names_and_the_attendee_its_role_status_and_rsvp()
    {
        var ics = SessionInvite.Request(Course, Online(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)), Parties, Now);

        var calendarEvent = SingleEvent(Load(ics));
        Assert.Equal("mailto:sessions@coursehub.example", calendarEvent.Organizer!.Value!.OriginalString);
        Assert.Equal("CourseHub Live Sessions", calendarEvent.Organizer.CommonName);
        var attendee = Assert.Single(calendarEvent.Attendees);
        Assert.Equal("mailto:ana.perez@example.org", attendee.Value!.OriginalString);
        Assert.Equal("Ana Pérez", attendee.CommonName);
        Assert.Equal("REQ-PARTICIPANT", attendee.Role);
        Assert.Equal("NEEDS-ACTION", attendee.ParticipationStatus);
        Assert.False(attendee.Rsvp);
        // Rsvp reads false when the parameter is missing too, so the raw line shows it is really written.
        var unfolded = ics.Replace("\r\n ", string.Empty);
        Assert.Contains("\r\nORGANIZER;CN=CourseHub Live Sessions:mailto:sessions@coursehub.example\r\n", unfolded);
        Assert.Contains("\r\nATTENDEE;CN=Ana Pérez;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:ana.perez@example.org\r\n", unfolded);
    }

    [Fact]
    public void The_stamp_is_the_given_now_in_utc()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 15, 9, 30, 5, TimeSpan.Zero));

        var ics = SessionInvite.Request(Course, Online(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)), Parties, clock.GetUtcNow().UtcDateTime);

        Assert.Equal(new DateTime(2027, 3, 15, 9, 30, 5, DateTimeKind.Utc), SingleEvent(Load(ics)).DtStamp!.AsUtc);
        Assert.Contains("\r\nDTSTAMP:20270315T093005Z\r\n", ics);
    }

    [Fact]
    public void A_local_clock_time_is_refused_as_the_stamp()
    {
        var local = new DateTime(2027, 3, 15, 9, 30, 0, DateTimeKind.Local);

        var error = Assert.Throws<ArgumentException>(() => SessionInvite.Request(Course, Online(Guid.NewGuid(), Now.AddYears(1)), Parties, local));
        Assert.Equal("nowUtc", error.ParamName);
    }

    [Fact]
    public void A_15_00_session_is_18_00_utc_before_santiago_leaves_summer_time_and_19_00_utc_after()
    {
        // Santiago leaves summer time on Sunday 4 April 2027.
        var before = new DateTime(2027, 4, 1, 18, 0, 0, DateTimeKind.Utc);
        var after = new DateTime(2027, 4, 5, 19, 0, 0, DateTimeKind.Utc);

        var events = new[] { before, after }
            .Select(startsUtc => SingleEvent(Load(SessionInvite.Request(Course, Online(Guid.NewGuid(), startsUtc), Parties, Now))))
            .ToList();

        Assert.Equal(before, events[0].DtStart!.AsUtc);
        Assert.Equal(after, events[1].DtStart!.AsUtc);
        Assert.All(events, e => Assert.Equal(new TimeOnly(15, 0), TimeOnly.FromDateTime(e.DtStart!.Value)));
        Assert.All(events, e => Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(e.DtStart!.Value, Santiago), e.DtStart!.AsUtc));
        Assert.All(events, e => Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(e.DtEnd!.Value, Santiago), e.DtEnd!.AsUtc));
    }

    [Theory]
    [InlineData("2027-04-01T18:00:00Z")] // Thursday before the April change: UTC-3
    [InlineData("2027-04-03T18:00:00Z")] // Saturday, the last day of summer time: UTC-3
    [InlineData("2027-04-05T19:00:00Z")] // Monday after: UTC-4
    [InlineData("2027-09-04T19:00:00Z")] // Saturday before the September change: UTC-4
    [InlineData("2027-09-06T18:00:00Z")] // Monday after Sunday 5 September: UTC-3
    [InlineData("2031-04-08T19:00:00Z")] // years from now: the rules are those around the session, not today
    public void The_vtimezone_itself_gives_the_offset_dotnet_gives(string startsUtcText)
    {
        // Outlook reads the VTIMEZONE rather than its own zone database, while Ical.Net's AsUtc looks the
        // TZID up in NodaTime and ignores the VTIMEZONE. So the component is evaluated here on its own.
        var startsUtc = DateTime.Parse(startsUtcText, null, System.Globalization.DateTimeStyles.AdjustToUniversal);

        var calendar = Load(SessionInvite.Request(Course, Online(Guid.NewGuid(), startsUtc), Parties, Now));

        var zone = Assert.Single(calendar.TimeZones);
        var calendarEvent = SingleEvent(calendar);
        Assert.Equal(Santiago.GetUtcOffset(startsUtc), OffsetAt(zone, calendarEvent.DtStart!.Value));
        Assert.Equal(startsUtc, calendarEvent.DtStart.Value - OffsetAt(zone, calendarEvent.DtStart.Value));
        var endsUtc = startsUtc.AddMinutes(90);
        Assert.Equal(endsUtc, calendarEvent.DtEnd!.Value - OffsetAt(zone, calendarEvent.DtEnd.Value));
    }

    [Fact]
    public void The_vtimezone_onsets_are_the_real_changes_around_the_session()
    {
        var ics = SessionInvite.Request(Course, Online(Guid.NewGuid(), new DateTime(2027, 4, 1, 18, 0, 0, DateTimeKind.Utc)), Parties, Now);

        var zone = Assert.Single(Load(ics).TimeZones);
        var daylight = Assert.Single(zone.TimeZoneInfos, o => o.Name == "DAYLIGHT");
        var standard = Assert.Single(zone.TimeZoneInfos, o => o.Name == "STANDARD");
        // Summer time began at 00:00 on Sunday 6 September 2026 and ends at 24:00 on Saturday 3 April 2027.
        Assert.Equal(new DateTime(2026, 9, 6, 0, 0, 0), daylight.Start!.Value);
        Assert.Equal(TimeSpan.FromHours(-4), daylight.OffsetFrom!.Offset);
        Assert.Equal(TimeSpan.FromHours(-3), daylight.OffsetTo!.Offset);
        Assert.Equal(new DateTime(2027, 4, 4, 0, 0, 0), standard.Start!.Value);
        Assert.Equal(TimeSpan.FromHours(-3), standard.OffsetFrom!.Offset);
        Assert.Equal(TimeSpan.FromHours(-4), standard.OffsetTo!.Offset);
        // Each yearly rule starts on its own DTSTART, as RFC 5545 asks; Outlook keeps only these rules.
        var unfolded = ics.Replace("\r\n ", string.Empty);
        Assert.Contains("BEGIN:DAYLIGHT\r\nDTSTART:20260906T000000\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=9\r\n", unfolded);
        Assert.Contains("BEGIN:STANDARD\r\nDTSTART:20270404T000000\r\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4\r\n", unfolded);
    }

    [Fact]
    public void A_session_that_spans_the_change_ends_at_the_right_instant()
    {
        // 23:00 on Saturday 3 April 2027 (UTC-3) for two hours: the clocks go back at 03:00 UTC, so it ends
        // at 00:00 on Sunday in UTC-4, i.e. 04:00 UTC.
        var session = Online(Guid.NewGuid(), new DateTime(2027, 4, 4, 2, 0, 0, DateTimeKind.Utc)) with { Minutes = 120 };

        var calendar = Load(SessionInvite.Request(Course, session, Parties, Now));

        var calendarEvent = SingleEvent(calendar);
        var zone = Assert.Single(calendar.TimeZones);
        Assert.Equal(new DateTime(2027, 4, 4, 0, 0, 0), calendarEvent.DtEnd!.Value);
        Assert.Equal(new DateTime(2027, 4, 4, 4, 0, 0, DateTimeKind.Utc), calendarEvent.DtEnd.AsUtc);
        Assert.Equal(new DateTime(2027, 4, 4, 4, 0, 0), calendarEvent.DtEnd.Value - OffsetAt(zone, calendarEvent.DtEnd.Value));
        Assert.Contains("(America/Santiago)", calendarEvent.Description);
    }

    [Fact]
    public void A_session_ending_in_the_hour_the_clocks_repeat_ends_at_its_real_instant_not_its_start()
    {
        // 23:30 on Saturday 3 April 2027 (UTC-3) for an hour: it ends at 23:30 again, in UTC-4. Written as the
        // zone's 23:30, the end would name the first 23:30 (RFC 5545 §3.3.5), an event of no length.
        var session = Online(Guid.NewGuid(), new DateTime(2027, 4, 4, 2, 30, 0, DateTimeKind.Utc)) with { Minutes = 60 };

        var ics = SessionInvite.Request(Course, session, Parties, Now);
        var calendarEvent = SingleEvent(Load(ics));

        Assert.Equal("America/Santiago", calendarEvent.DtStart!.TzId);
        Assert.Equal(new DateTime(2027, 4, 4, 2, 30, 0, DateTimeKind.Utc), calendarEvent.DtStart.AsUtc);
        Assert.Contains("DTEND:20270404T033000Z", ics, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2027, 4, 4, 3, 30, 0, DateTimeKind.Utc), calendarEvent.DtEnd!.AsUtc);
    }

    [Fact]
    public void A_session_starting_in_the_second_pass_of_a_repeated_hour_starts_at_that_instant()
    {
        var session = Online(Guid.NewGuid(), new DateTime(2027, 4, 4, 3, 15, 0, DateTimeKind.Utc)) with { Minutes = 30 };   // 23:15, UTC-4

        var ics = SessionInvite.Request(Course, session, Parties, Now);
        var calendarEvent = SingleEvent(Load(ics));

        Assert.Contains("DTSTART:20270404T031500Z", ics, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2027, 4, 4, 3, 15, 0, DateTimeKind.Utc), calendarEvent.DtStart!.AsUtc);
        Assert.Equal(new DateTime(2027, 4, 4, 3, 45, 0, DateTimeKind.Utc), calendarEvent.DtEnd!.AsUtc);
    }

    [Fact]
    public void A_zone_without_daylight_saving_gets_one_fixed_observance()
    {
        var tokyo = Course with { TimeZone = "Asia/Tokyo" };

        var calendar = Load(SessionInvite.Request(tokyo, Online(Guid.NewGuid(), new DateTime(2027, 4, 1, 6, 0, 0, DateTimeKind.Utc)), Parties, Now));

        var observance = Assert.Single(Assert.Single(calendar.TimeZones).TimeZoneInfos);
        Assert.Equal("STANDARD", observance.Name);
        Assert.Equal(TimeSpan.FromHours(9), observance.OffsetFrom!.Offset);
        Assert.Equal(TimeSpan.FromHours(9), observance.OffsetTo!.Offset);
        Assert.Null(observance.RecurrenceRule);
        Assert.Equal(new DateTime(2027, 4, 1, 15, 0, 0), SingleEvent(calendar).DtStart!.Value);
    }

    [Fact]
    public void An_online_session_is_located_at_its_join_link()
    {
        var calendarEvent = SingleEvent(Load(SessionInvite.Request(Course, Online(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)), Parties, Now)));

        Assert.Equal("https://zoom.us/j/1", calendarEvent.Location);
        Assert.Equal(new Uri("https://zoom.us/j/1"), calendarEvent.Url);
        Assert.Contains("Join: https://zoom.us/j/1", calendarEvent.Description);
    }

    [Fact]
    public void An_in_person_session_is_located_in_its_room_and_links_to_the_course_page()
    {
        var calendarEvent = SingleEvent(Load(SessionInvite.Request(Course, InPerson(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)), Parties, Now)));

        Assert.Equal("Sala Raúl Prebisch, piso 2", calendarEvent.Location);
        // Without a join link, URL falls back to the course page, as in the public schedule.
        Assert.Equal(new Uri("https://coursehub.example/courses/x"), calendarEvent.Url);
        Assert.Contains("Room: Sala Raúl Prebisch, piso 2", calendarEvent.Description);
        Assert.DoesNotContain("Join:", calendarEvent.Description);
    }

    [Fact]
    public void A_hybrid_session_is_located_in_its_room_and_links_to_the_join_link()
    {
        var hybrid = InPerson(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)) with { JoinUrl = "https://zoom.us/j/2" };

        var calendarEvent = SingleEvent(Load(SessionInvite.Request(Course, hybrid, Parties, Now)));

        Assert.Equal("Sala Raúl Prebisch, piso 2", calendarEvent.Location);
        Assert.Equal(new Uri("https://zoom.us/j/2"), calendarEvent.Url);
    }

    [Fact]
    public void The_description_repeats_what_when_who_and_where_in_plain_text()
    {
        var calendarEvent = SingleEvent(Load(SessionInvite.Request(Course, Online(Guid.NewGuid(), new DateTime(2027, 4, 1, 18, 0, 0, DateTimeKind.Utc)), Parties, Now)));

        var lines = calendarEvent.Description!.Split('\n');
        Assert.Equal("Inauguration", lines[0]);
        Assert.Equal("When: Thu 1 Apr 2027, 15:00–16:30 (GMT-3, America/Santiago)", lines[1]);
        Assert.Contains("From Digital Government to Smart Government", lines);
        Assert.Contains("Laura Díaz, ECLAC / ILPES", lines);
        Assert.Contains("Join: https://zoom.us/j/1", lines);
    }

    [Fact]
    public void An_invitation_is_written_in_its_attendees_language()
    {
        var session = Online(Guid.NewGuid(), new DateTime(2027, 4, 1, 18, 0, 0, DateTimeKind.Utc));

        var spanish = SingleEvent(Load(SessionInvite.Request(Course, session, Parties with { AttendeeLanguage = "es" }, Now))).Description!.Split('\n');
        var portuguese = SingleEvent(Load(SessionInvite.Request(Course, session, Parties with { AttendeeLanguage = "pt" }, Now))).Description!.Split('\n');

        Assert.Equal("Cuándo: jue 1 abr 2027, 15:00–16:30 (GMT-3, America/Santiago)", spanish[1].Replace(".", ""));
        Assert.Contains("Enlace: https://zoom.us/j/1", spanish);
        Assert.Equal("Quando: qui 1 abr 2027, 15:00–16:30 (GMT-3, America/Santiago)", portuguese[1].Replace(".", ""));
        Assert.Contains("Link de acesso: https://zoom.us/j/1", portuguese);
        // The course's own text stays as written: it is in the course's language, not the reader's.
        Assert.Equal("Inauguration", spanish[0]);
        Assert.Contains("From Digital Government to Smart Government", portuguese);
    }

    [Fact]
    public void A_cancellation_and_a_withdrawal_say_what_happened_in_the_attendees_language()
    {
        var session = Online(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc), sequence: 2);

        var cancelled = SingleEvent(Load(SessionInvite.Cancel(Course, session with { Cancelled = true }, Parties with { AttendeeLanguage = "es" }, Now)));
        var withdrawn = SingleEvent(Load(SessionInvite.Cancel(Course, session, Parties with { AttendeeLanguage = "pt" }, Now)));

        Assert.StartsWith("Cancelada: esta sesión no se realizará.", cancelled.Description);
        Assert.StartsWith("Você não participa mais desta sessão", withdrawn.Description);
        Assert.Contains("A sessão continua marcada.", withdrawn.Description);
    }

    [Fact]
    public void A_session_past_midnight_names_both_ends_in_the_attendees_language()
    {
        var late = Online(Guid.NewGuid(), new DateTime(2027, 4, 2, 2, 30, 0, DateTimeKind.Utc));   // 23:30 in Santiago, 90 minutes

        var description = SingleEvent(Load(SessionInvite.Request(Course, late, Parties with { AttendeeLanguage = "es-CL" }, Now))).Description!;

        Assert.Contains(" hasta ", description.Split('\n')[1]);
        Assert.StartsWith("Cuándo: ", description.Split('\n')[1]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("fr")]
    public void A_language_the_site_does_not_speak_reads_english(string? language)
    {
        Assert.Same(CalendarWords.English, CalendarWords.For(language));
    }

    [Fact]
    public void Text_with_calendar_special_characters_survives_the_round_trip_in_folded_crlf_lines()
    {
        var session = InPerson(Guid.NewGuid(), new DateTime(2027, 10, 6, 18, 0, 0, DateTimeKind.Utc)) with
        {
            Title = "Smart government; data, AI \\ ethics",
            Description = "A long description that goes well beyond the seventy-five octets of a line: ñandú, Düsseldorf, São Paulo.",
        };
        var parties = Parties with { OrganizerName = "CourseHub, Live; Sessions", AttendeeName = "Pérez, Ana \"Anita\"\r\nX-INJECTED:1" };

        var ics = SessionInvite.Request(Course, session, parties, Now);

        var calendarEvent = SingleEvent(Load(ics));
        Assert.Equal("Smart government; data, AI \\ ethics", calendarEvent.Summary);
        Assert.Equal("Sala Raúl Prebisch, piso 2", calendarEvent.Location);
        Assert.Contains(session.Description, calendarEvent.Description);
        Assert.Equal("CourseHub, Live; Sessions", calendarEvent.Organizer!.CommonName);
        Assert.Equal("Pérez, Ana 'Anita' X-INJECTED:1", Assert.Single(calendarEvent.Attendees).CommonName);
        Assert.DoesNotContain("\nX-INJECTED", ics);
        // RFC 5545 §3.1: lines end in CRLF and are folded at 75 octets.
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", string.Empty));
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
    }

    [Fact]
    public void An_attendee_without_a_name_is_addressed_by_email_alone()
    {
        var ics = SessionInvite.Request(Course, Online(Guid.NewGuid(), Now.AddYears(1)), Parties with { AttendeeName = "  " }, Now);

        var attendee = Assert.Single(SingleEvent(Load(ics)).Attendees);
        Assert.Equal("mailto:ana.perez@example.org", attendee.Value!.OriginalString);
        Assert.True(string.IsNullOrEmpty(attendee.CommonName));
        Assert.Contains("\r\nATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:ana.perez@example.org\r\n", ics.Replace("\r\n ", string.Empty));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ana.perez")]
    [InlineData("ana perez@example.org")]
    public void An_attendee_without_a_usable_email_address_is_refused(string email)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            SessionInvite.Request(Course, Online(Guid.NewGuid(), Now.AddYears(1)), Parties with { AttendeeEmail = email }, Now));
        Assert.Equal("AttendeeEmail", error.ParamName);
    }

    /// <summary>
    /// The offset a VTIMEZONE gives a local time, read the way RFC 5545 §3.6.5 describes: the observance
    /// whose latest onset (DTSTART or RRULE instance, in local time) is not after it. Ical.Net expands the
    /// RRULEs, so this checks our rules against an independent reading of them.
    /// </summary>
    private static TimeSpan OffsetAt(VTimeZone zone, DateTime local)
    {
        var latest = zone.TimeZoneInfos
            .SelectMany(observance => observance.GetOccurrences(null, null)
                .Select(occurrence => occurrence.Period.StartTime.Value)
                .TakeWhile(onset => onset <= local)
                .Select(onset => (Onset: onset, Offset: observance.OffsetTo!.Offset)))
            .MaxBy(candidate => candidate.Onset);
        Assert.NotEqual(default, latest);
        return latest.Offset;
    }
}
