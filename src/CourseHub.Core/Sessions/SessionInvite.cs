using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace CourseHub.Core.Sessions;

/// <summary>Who sends an invitation and who receives it; the invitation's text is in the attendee's language.</summary>
public sealed record InviteParties(string OrganizerEmail, string OrganizerName, string AttendeeEmail, string AttendeeName, string AttendeeLanguage);

/// <summary>
/// iTIP (RFC 5546) scheduling messages for one live session and one attendee, to be mailed as
/// <c>text/calendar; method=REQUEST|CANCEL</c> (RFC 6047) so that calendar programs offer accept/decline,
/// move the event when it moves and remove it when it is cancelled. Pure: the output depends only on
/// the arguments, so an outbox can rebuild exactly the same message on a retry.
/// </summary>
public static class SessionInvite
{
    public const string RequestMethod = "REQUEST";
    public const string CancelMethod = "CANCEL";

    /// <summary>A new or changed session (METHOD:REQUEST, STATUS:CONFIRMED).</summary>
    /// <exception cref="ArgumentException">The session is cancelled: send <see cref="Cancel"/> instead.</exception>
    public static string Request(CalendarCourse course, CalendarSession session, InviteParties parties, DateTime nowUtc)
    {
        // A REQUEST saying CANCELLED would add the event to calendars that have never seen it, so a
        // caller that picks the wrong message is a bug to surface, not something to paper over.
        if (session.Cancelled)
        {
            throw new ArgumentException("A cancelled session is announced with Cancel, not Request.", nameof(session));
        }
        return Build(RequestMethod, EventStatus.Confirmed, InviteKind.Request, course, session, parties, nowUtc);
    }

    /// <summary>
    /// Removes the session from the attendee's calendar (METHOD:CANCEL, STATUS:CANCELLED): either the
    /// session is cancelled (<see cref="CalendarSession.Cancelled"/>), or it goes on without this attendee
    /// (withdrawn or removed).
    /// </summary>
    public static string Cancel(CalendarCourse course, CalendarSession session, InviteParties parties, DateTime nowUtc)
    {
        // SEQUENCE is the session's own in both cases, never sequence + 1 for a withdrawal.
        // - A session-wide cancellation changes STATUS, so the caller has already raised the sequence.
        // - A withdrawal changes nothing about the session. At an equal SEQUENCE, the later DTSTAMP decides
        //   which message is newer (RFC 5546 §2.1.5; Outlook applies the same test), so this CANCEL still
        //   overrides the REQUEST the attendee holds. A private "+1" would be worse: if the attendee
        //   re-enrols before the session changes again, the new REQUEST carries the session's sequence,
        //   which is lower than the CANCEL's, and clients that remember the UID drop it as out of date.
        //
        // STATUS:CANCELLED is sent for a withdrawal too, although RFC 5546 §3.2.5 leaves STATUS out when
        // uninviting some attendees. The product requires that every client remove the event, and a client
        // that only imports the attachment (and so ignores METHOD) would otherwise show it as still on.
        // This VEVENT names only this attendee, so for them the event really is off; DESCRIPTION says that
        // the session itself goes on.
        var kind = session.Cancelled ? InviteKind.SessionCancelled : InviteKind.AttendeeWithdrawn;
        return Build(CancelMethod, EventStatus.Cancelled, kind, course, session, parties, nowUtc);
    }

    private static string Build(
        string method, string status, InviteKind kind,
        CalendarCourse course, CalendarSession session, InviteParties parties, DateTime nowUtc)
    {
        // DTSTAMP tells which of two messages with the same SEQUENCE is newer, so a local wall-clock time
        // passed by mistake would silently reorder updates.
        if (nowUtc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("The current time must be given in UTC.", nameof(nowUtc));
        }

        var calendar = new Calendar { Method = method, ProductId = CourseCalendar.ProductId };
        var endsUtc = session.StartsUtc.AddMinutes(session.Minutes);
        calendar.TimeZones.Add(CalendarTimeZone.Covering(course.TimeZone, session.StartsUtc, endsUtc));

        var calendarEvent = CourseCalendar.Event(course, session, nowUtc, parties.AttendeeLanguage);
        calendarEvent.Status = status;
        calendarEvent.Description = InviteText.Describe(kind, course, session, calendarEvent.Description, CalendarWords.For(parties.AttendeeLanguage));
        calendarEvent.Organizer = new Organizer
        {
            Value = MailTo(parties.OrganizerEmail, nameof(parties.OrganizerEmail)),
            CommonName = InviteText.CommonName(parties.OrganizerName),
        };
        calendarEvent.Attendees.Add(new Attendee
        {
            Value = MailTo(parties.AttendeeEmail, nameof(parties.AttendeeEmail)),
            CommonName = InviteText.CommonName(parties.AttendeeName),
            Role = ParticipationRole.RequiredParticipant,
            ParticipationStatus = EventParticipationStatus.NeedsAction,
            // Replies are not collected: registration happens on the site, and a reply would only land
            // in the organizer's mailbox.
            Rsvp = false,
        });
        calendar.Events.Add(calendarEvent);

        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    private static Uri MailTo(string email, string parameter)
    {
        var address = email.Trim();
        // Calendar programs match the recipient against ATTENDEE to show accept/decline, so an address
        // that is not one would produce an invitation nobody can act on.
        if (!Text.EmailAddress.IsPlain(address) || !Uri.TryCreate("mailto:" + address, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"Not an e-mail address: '{email}'.", parameter);
        }
        return uri;
    }
}

/// <summary>What a message tells its attendee.</summary>
internal enum InviteKind
{
    Request,
    SessionCancelled,
    AttendeeWithdrawn,
}

/// <summary>
/// VTIMEZONE components built from the same .NET time-zone data that gives the local DTSTART/DTEND, so
/// that the zone rules a calendar program reads agree with the times written.
/// </summary>
/// <remarks>
/// Ical.Net's own <c>Calendar.AddTimeZone(string)</c> is not used: it derives its rules from transitions
/// up to <c>DateTime.Now</c> (so the output changes with the clock), and for America/Santiago it writes
/// BYDAY=1SA for April although the change happens on Sunday, and 2SU for September although in 2027 it
/// is the first Sunday (5 September). Outlook reads only the rules, so such sessions shift by an hour.
/// </remarks>
public static class CalendarTimeZone
{
    private static readonly DateTime FixedOnset = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly TimeSpan SearchSpan = TimeSpan.FromDays(366);

    /// <summary>
    /// A VTIMEZONE that is exact from the last change of offset before <paramref name="fromUtc"/> to the
    /// first change after <paramref name="toUtc"/>: one observance per change, whose DTSTART is that
    /// change. The latest STANDARD and DAYLIGHT observances carry a yearly RRULE that matches their
    /// DTSTART, because Outlook builds its rule from those two only (MS-OXCICAL 2.1.3.1.1.19).
    /// </summary>
    public static VTimeZone Covering(string ianaId, DateTime fromUtc, DateTime toUtc)
    {
        var zone = ZonedTime.FindZone(ianaId);
        var from = DateTime.SpecifyKind(fromUtc, DateTimeKind.Utc);
        var to = DateTime.SpecifyKind(toUtc < fromUtc ? fromUtc : toUtc, DateTimeKind.Utc);

        var before = Changes(zone, from - SearchSpan, from).LastOrDefault();
        var during = Changes(zone, from, to);
        var after = Changes(zone, to, to + SearchSpan).FirstOrDefault();

        var changes = new List<Change>();
        if (before is not null) changes.Add(before);
        changes.AddRange(during);
        if (after is not null) changes.Add(after);

        var timeZone = new VTimeZone(ianaId);
        if (before is null)
        {
            // No change in the year before: the offset in force then has held for a long time, so an
            // observance from 1970 states it without inventing a change that never happened.
            var offset = zone.GetUtcOffset(from);
            timeZone.TimeZoneInfos.Add(Observance(zone.IsDaylightSavingTime(from), FixedOnset, offset, offset));
        }

        var lastStandard = changes.LastOrDefault(c => !c.IsDaylight);
        var lastDaylight = changes.LastOrDefault(c => c.IsDaylight);
        // A yearly rule is only claimed for a zone that really alternates between two offsets around the
        // session; a one-off change of offset stays a single onset.
        var yearly = before is not null && after is not null && lastStandard is not null && lastDaylight is not null
            && lastStandard.OffsetFrom == lastDaylight.OffsetTo && lastStandard.OffsetTo == lastDaylight.OffsetFrom;

        foreach (var change in changes)
        {
            var observance = Observance(change.IsDaylight, change.LocalOnset, change.OffsetFrom, change.OffsetTo);
            if (yearly && (change == lastStandard || change == lastDaylight))
            {
                observance.RecurrenceRule = YearlyRule(zone, change, changes);
            }
            timeZone.TimeZoneInfos.Add(observance);
        }
        return timeZone;
    }

    private sealed record Change(DateTime Utc, TimeSpan OffsetFrom, TimeSpan OffsetTo, bool IsDaylight)
    {
        /// <summary>RFC 5545 §3.6.5: an onset is written in the local time in force before it.</summary>
        public DateTime LocalOnset => DateTime.SpecifyKind(Utc + OffsetFrom, DateTimeKind.Unspecified);
    }

    /// <summary>Every change of UTC offset in (fromUtc, toUtc], oldest first.</summary>
    private static List<Change> Changes(TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        // Offsets are probed a day apart, then the change is narrowed down to the second. Real zones do
        // not change offset twice within a day, which is what a daily probe relies on.
        var changes = new List<Change>();
        var step = TimeSpan.FromDays(1);
        var low = fromUtc;
        while (low < toUtc)
        {
            var high = low + step < toUtc ? low + step : toUtc;
            if (zone.GetUtcOffset(low) != zone.GetUtcOffset(high))
            {
                var at = FirstInstantWithOffsetOf(zone, low, high);
                changes.Add(new Change(at, zone.GetUtcOffset(at.AddSeconds(-1)), zone.GetUtcOffset(at), zone.IsDaylightSavingTime(at)));
            }
            low = high;
        }
        return changes;
    }

    private static DateTime FirstInstantWithOffsetOf(TimeZoneInfo zone, DateTime low, DateTime high)
    {
        var target = zone.GetUtcOffset(high);
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + TimeSpan.FromTicks((high - low).Ticks / 2);
            if (zone.GetUtcOffset(middle) == target) high = middle;
            else low = middle;
        }
        // Offsets change on whole seconds; dropping sub-second noise from the halving keeps DTSTART clean.
        return new DateTime(high.Ticks - high.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }

    private static VTimeZoneInfo Observance(bool daylight, DateTime localOnset, TimeSpan offsetFrom, TimeSpan offsetTo) => new()
    {
        Name = daylight ? Components.Daylight : Components.Standard,
        Start = new CalDateTime(localOnset, true),
        OffsetFrom = new UtcOffset(offsetFrom),
        OffsetTo = new UtcOffset(offsetTo),
    };

    /// <summary>
    /// The n-th (or last) weekday of the month the onset falls on, so that the rule's first instance is the
    /// onset itself. A fifth weekday becomes "last", since not every year has one.
    /// </summary>
    /// <remarks>
    /// An onset in a month's last seven days that is also its fourth weekday (the last Sunday of October 2029 is the
    /// 28th) fits both "fourth" and "last". Outlook applies this one rule to every event of the calendar, so the rule
    /// chosen is the one that gives the other changes of its kind too: those the calendar covers (a feed spans
    /// years), then those of the following years.
    /// </remarks>
    private static RecurrenceRule YearlyRule(TimeZoneInfo zone, Change change, IReadOnlyList<Change> covered)
    {
        var onset = change.LocalOnset;
        var week = (onset.Day - 1) / 7 + 1;
        var weekday = week;
        if (week == 5) weekday = -1;
        else if (IsNthWeekday(onset, -1))
        {
            bool Fits(int n, Change other) =>
                other.IsDaylight != change.IsDaylight || other.LocalOnset.Month != onset.Month || IsNthWeekday(other.LocalOnset, n);
            // The same change in each following year falls within a week of the date a year on.
            var following = Enumerable.Range(1, 6).SelectMany(years => Changes(zone, change.Utc.AddYears(years).AddDays(-8), change.Utc.AddYears(years).AddDays(8)));
            var telling = covered.Concat(following).FirstOrDefault(other => Fits(week, other) != Fits(-1, other));
            if (telling is null || Fits(-1, telling)) weekday = -1;
        }
        return new RecurrenceRule(FrequencyType.Yearly)
        {
            ByMonth = [onset.Month],
            ByDay = [new WeekDay(onset.DayOfWeek, weekday)],
        };
    }

    /// <summary>Whether the date is the n-th of its weekday in its month (n = -1: the last).</summary>
    private static bool IsNthWeekday(DateTime date, int n) =>
        n == -1 ? date.Day > DateTime.DaysInMonth(date.Year, date.Month) - 7 : (date.Day - 1) / 7 + 1 == n;
}
